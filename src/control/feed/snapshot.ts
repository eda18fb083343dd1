import type { Writable } from 'node:stream'
import {
  createReplicaState,
  createReplicaStateSink,
  deliverPart,
  encodeSnapshotPart,
  entryBatches,
  type Snapshot,
  type SnapshotCounts,
  type SnapshotPart,
  toSnapshot,
} from '../../sync/index.js'
import type { StateReader, StateStore } from '../state/state-store.js'

/** The parts of a snapshot that one kind of resource owns (functions, distributions). */
export type SnapshotContributor = (
  reader: StateReader,
) => AsyncIterable<Extract<SnapshotPart, { type: 'function' | 'distribution' }>>

/** Stores and keys are read this many at a time: what the control plane holds of them at once. */
export const SNAPSHOT_PAGE = 1000

/**
 * Every part of the snapshot at the revision `reader` reads, in the stream's order: each store
 * with its keys paged from the state (a page at a time, never a whole store), then what the
 * contributors add, then `end` with the counts.
 */
export async function* snapshotParts(
  reader: StateReader,
  databaseId: string,
  contributors: readonly SnapshotContributor[],
  pageSize = SNAPSHOT_PAGE,
): AsyncGenerator<SnapshotPart> {
  yield { type: 'begin', databaseId, revision: await reader.latestRevision() }
  const counts = { stores: 0, entries: 0, functions: 0, distributions: 0 }
  let afterName: string | undefined
  for (;;) {
    const stores = await reader.listKeyValueStores({ afterName, limit: pageSize })
    for (const record of stores) {
      counts.stores++
      yield {
        type: 'store',
        store: {
          id: record.id,
          name: record.name,
          created: record.created.toISOString(),
          lastModified: record.lastModified.toISOString(),
        },
      }
      let after: string | undefined
      for (;;) {
        const keys = await reader.listKeys(record.id, { after, limit: pageSize })
        counts.entries += keys.length
        yield* entryBatches(
          record.id,
          keys.map((entry) => [entry.key, entry.value] as const),
        )
        if (keys.length < pageSize) break
        after = keys[keys.length - 1]?.key
      }
    }
    if (stores.length < pageSize) break
    afterName = stores[stores.length - 1]?.name
  }
  for (const contribute of contributors) {
    for await (const part of contribute(reader)) {
      if (part.type === 'function') counts.functions++
      else counts.distributions++
      yield part
    }
  }
  yield { type: 'end', ...counts }
}

/** Resolves when `out` drains; rejects if it closes first (the edge went away). */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      out.off('drain', onDrain)
      out.off('close', onClose)
      if (error === undefined) resolve()
      else reject(error)
    }
    const onDrain = () => done()
    const onClose = () => done(new Error('The snapshot stream was closed before its end.'))
    out.on('drain', onDrain)
    out.on('close', onClose)
  })
}

/**
 * Streams the snapshot to `out` as NDJSON parts, read in one consistent read of the state
 * (`StateStore.read`, which does not hold back writers). It reads the next page only when `out`
 * has taken the last one (`write()` returned true, or after 'drain'), so the control plane
 * holds about a page and a socket buffer, whatever the size of the data and the speed of the
 * edge. Ends `out` after the `end` part.
 */
export async function streamSnapshot(
  state: StateStore,
  contributors: readonly SnapshotContributor[],
  out: Writable,
): Promise<SnapshotCounts> {
  return state.read(async (reader) => {
    let counts: SnapshotCounts | undefined
    for await (const part of snapshotParts(reader, state.databaseId, contributors)) {
      if (out.destroyed) throw new Error('The snapshot stream was closed before its end.')
      if (part.type === 'end') {
        const { type: _, ...end } = part
        counts = end
      }
      if (!out.write(encodeSnapshotPart(part))) await drained(out)
    }
    out.end()
    return counts as SnapshotCounts
  })
}

/**
 * The whole snapshot in memory, at one revision: for the tests and tools that compare it at
 * once. Edges receive `streamSnapshot`.
 */
export async function buildSnapshot(
  state: StateStore,
  contributors: readonly SnapshotContributor[],
): Promise<Snapshot> {
  const replica = createReplicaState()
  const sink = createReplicaStateSink(replica)
  await state.read(async (reader) => {
    for await (const part of snapshotParts(reader, state.databaseId, contributors)) {
      if (part.type === 'begin') sink.begin(part)
      else if (part.type === 'end') sink.commit()
      else deliverPart(sink, part)
    }
  })
  return toSnapshot(replica)
}
