import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { openReplica } from '../../src/edge/replication/replica-open.js'
import { ReplicaReader } from '../../src/edge/replication/replica-reader.js'
import { ReplicationLoop } from '../../src/edge/replication/replication-loop.js'
import {
  encodeSnapshotPart,
  encodeStreamMessage,
  feedSnapshot,
  type SnapshotPart,
} from '../../src/sync/index.js'
import { waitFor } from '../helpers/wait-for.js'

const T = '2026-01-01T00:00:00.000Z'
const STORE = 'a1b2c3d4-0000-4000-8000-000000000009'
const PARTS: SnapshotPart[] = [
  { type: 'begin', databaseId: 'db-1', revision: 9 },
  { type: 'store', store: { id: STORE, name: 'config', created: T, lastModified: T } },
  { type: 'entries', storeId: STORE, entries: [['hello', 'new']] },
  { type: 'entries', storeId: STORE, entries: [['other', 'added']] },
  { type: 'end', stores: 1, entries: 2, functions: 0, distributions: 0 },
]

test('replication loop: the snapshot streams into the SQLite replica; a stream cut short keeps the old replica, the next is taken whole', async () => {
  const root = mkdtempSync(join(tmpdir(), 'verge-snapshot-stream-replica-'))
  const replica = openReplica(join(root, 'edge'))
  feedSnapshot(replica.snapshotSink(), {
    databaseId: 'db-1',
    revision: 5,
    keyValueStores: [{ id: STORE, name: 'config', created: T, lastModified: T, entries: [['hello', 'old']] }],
    functions: [],
    distributions: [],
  })
  const reader = new ReplicaReader(replica.file)
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve))
  const seenAtRetry: unknown[] = []
  let snapshots = 0
  let afterSnapshot = 0
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    req.resume()
    if (path === '/_verge/sync/snapshot') {
      snapshots++
      if (snapshots > 1)
        seenAtRetry.push({ revision: replica.revision, hello: reader.reader(STORE).get('hello') })
      res.writeHead(200, { 'content-type': 'application/x-ndjson' })
      // The first stream stops after its first entries part, as a control plane that died would.
      const parts = snapshots === 1 ? PARTS.slice(0, 3) : PARTS
      res.end(parts.map(encodeSnapshotPart).join(''))
    } else if (path === '/_verge/sync/changes') {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' })
      res.write(encodeStreamMessage({ type: 'hello', databaseId: 'db-1', revision: 9 }))
      if (replica.revision < 9) res.end(encodeStreamMessage({ type: 'resync', reason: 'test' }))
    } else res.writeHead(204).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const loop = new ReplicationLoop(
    {
      controlUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      token: 't',
      edgeId: 'edge-stream-replica',
      afterSnapshot: () => {
        afterSnapshot++
      },
    },
    replica,
  )
  try {
    loop.start()
    await waitFor(() => replica.revision === 9 && loop.connected, { what: 'the whole snapshot' })
    assert.equal(snapshots, 2)
    assert.equal(afterSnapshot, 1, 'told once, for the stream that committed')
    assert.deepEqual(seenAtRetry, [{ revision: 5, hello: 'old' }], 'the cut stream changed nothing')
    await nextTurn()
    assert.equal(reader.reader(STORE).get('hello'), 'new')
    assert.equal(reader.reader(STORE).get('other'), 'added')
    assert.equal(reader.reader(STORE).meta().keyCount, 2)
    assert.equal(replica.databaseId, 'db-1')
  } finally {
    await loop.stop()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
    reader.close()
    replica.close()
    rmSync(root, { recursive: true, force: true })
  }
})
