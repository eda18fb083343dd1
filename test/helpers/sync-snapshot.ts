import {
  createReplicaState,
  createReplicaStateSink,
  receiveSnapshotStream,
  type Snapshot,
  SYNC_SNAPSHOT_PATH,
  toSnapshot,
} from '../../src/sync/index.js'

/**
 * `GET /_verge/sync/snapshot` as an edge receives it (the NDJSON stream, checked part by part),
 * gathered into one in-memory `Snapshot` for a test to look at.
 */
export async function fetchSnapshot(controlUrl: string, edgeToken: string): Promise<Snapshot> {
  const response = await fetch(new URL(SYNC_SNAPSHOT_PATH, controlUrl), {
    headers: { authorization: `Bearer ${edgeToken}` },
  })
  if (response.status !== 200 || response.body === null)
    throw new Error(`Snapshot refused: ${response.status} ${await response.text()}`)
  const replica = createReplicaState()
  await receiveSnapshotStream(response.body as unknown as AsyncIterable<Uint8Array>, () =>
    createReplicaStateSink(replica),
  )
  return toSnapshot(replica)
}
