import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import { SyncClient, syncChannel } from '../../src/edge/replication/sync-client.js'
import {
  applySnapshot,
  createReplicaState,
  createReplicaStateSink,
  encodeSnapshotPart,
  encodeStreamMessage,
  type SnapshotPart,
  toSnapshot,
} from '../../src/sync/index.js'
import { waitFor } from '../helpers/wait-for.js'

const T = '2026-01-01T00:00:00.000Z'
const PARTS: SnapshotPart[] = [
  { type: 'begin', databaseId: 'db-1', revision: 9 },
  { type: 'store', store: { id: 's1', name: 'config', created: T, lastModified: T } },
  { type: 'entries', storeId: 's1', entries: [['hello', 'new']] },
  { type: 'end', stores: 1, entries: 1, functions: 0, distributions: 0 },
]

test('sync client: a snapshot stream cut short keeps the old replica, and the next one is taken whole', async () => {
  const state = createReplicaState()
  applySnapshot(state, {
    databaseId: 'db-1',
    revision: 5,
    keyValueStores: [{ id: 's1', name: 'config', created: T, lastModified: T, entries: [['hello', 'old']] }],
    functions: [],
    distributions: [],
  })
  const before = toSnapshot(state)
  const seenAtRetry: unknown[] = []
  let snapshots = 0
  let commits = 0
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    req.resume()
    if (path === '/_verge/sync/snapshot') {
      snapshots++
      if (snapshots > 1) seenAtRetry.push(toSnapshot(state))
      res.writeHead(200, { 'content-type': 'application/x-ndjson' })
      // The first stream stops before its end part, as a control plane that died would.
      const parts = snapshots === 1 ? PARTS.slice(0, -1) : PARTS
      res.end(parts.map(encodeSnapshotPart).join(''))
    } else if (path === '/_verge/sync/changes') {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' })
      res.write(encodeStreamMessage({ type: 'hello', databaseId: 'db-1', revision: 9 }))
      // An edge behind a snapshot it never took resyncs; after it, the stream stays open.
      if (state.revision < 9) res.end(encodeStreamMessage({ type: 'resync', reason: 'test' }))
    } else res.writeHead(204).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const errors: unknown[] = []
  const onSync = (message: unknown) => {
    const event = message as { event: string; error?: unknown }
    if (event.event === 'error') errors.push(event.error)
  }
  syncChannel.subscribe(onSync)
  const client = new SyncClient({
    controlUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token: 't',
    edgeId: 'edge-retry',
    edgeName: 'edge-retry',
    minBackoffMs: 1,
    maxBackoffMs: 5,
    target: {
      get revision() {
        return state.revision
      },
      get databaseId() {
        return state.databaseId
      },
      snapshotSink: () =>
        createReplicaStateSink(state, () => {
          commits++
        }),
      applyChanges: () => {},
    },
  })
  try {
    client.start()
    await waitFor(() => state.revision === 9 && client.connected, { what: 'the whole snapshot' })
    assert.equal(snapshots, 2)
    assert.equal(commits, 1)
    assert.deepEqual(seenAtRetry, [before], 'the cut stream changed nothing')
    assert.equal(state.stores.get('s1')?.entries.get('hello'), 'new')
    assert.equal((errors[0] as { code?: string }).code, 'TruncatedSnapshot')
  } finally {
    syncChannel.unsubscribe(onSync)
    await client.stop()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})
