/**
 * What a function's `kvs.get` costs on the edge's replica database (`ReplicaReader`) against a
 * Map in the heap (the replica before it): a store of 5,000 keys of 1,000 bytes, random keys,
 * in turns of 50 reads (one read transaction per turn, as a worker pins them), and one write
 * committed by the writer every turn. Decides whether workers need a hot-key cache.
 * Run: node --enable-source-maps dist/bench/replica-read.js
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openReplica } from '../src/edge/replication/replica-open.js'
import { ReplicaReader } from '../src/edge/replication/replica-reader.js'
import { feedSnapshot } from '../src/sync/index.js'

const STORE = 'a1b2c3d4-0000-4000-8000-000000000001'
const KEYS = 5000
const TURNS = 2000
const READS_PER_TURN = 50
const entries = Array.from(
  { length: KEYS },
  (_, i) => [`key-${i}`, `${i}`.padEnd(1000, 'x')] as [string, string],
)
const map = new Map(entries)
const nextTurn = () => new Promise((resolve) => setImmediate(resolve))
const randomKey = () => `key-${Math.floor(Math.random() * KEYS)}`

const dir = mkdtempSync(join(tmpdir(), 'verge-replica-read-'))
const writer = openReplica(dir)
feedSnapshot(writer.snapshotSink(), {
  databaseId: 'bench',
  revision: 1,
  keyValueStores: [
    {
      id: STORE,
      name: 'bench',
      created: '2026-01-01T00:00:00Z',
      lastModified: '2026-01-01T00:00:00Z',
      entries,
    },
  ],
  functions: [],
  distributions: [],
})
const reader = new ReplicaReader(writer.file)
const store = reader.reader(STORE)

async function measure(
  name: string,
  read: (key: string) => string | undefined,
  write: boolean,
): Promise<void> {
  let ns = 0n
  let revision = 1
  for (let turn = 0; turn < TURNS; turn++) {
    if (write) {
      revision++
      writer.applyChanges([
        {
          kind: 'kvs.key.put',
          payload: { storeId: STORE, key: randomKey(), value: 'y'.repeat(1000) },
          revision,
          entityId: STORE,
          committed: '2026-01-01T00:00:01Z',
        },
      ])
    }
    const keys = Array.from({ length: READS_PER_TURN }, randomKey)
    const start = process.hrtime.bigint()
    for (const key of keys) if (read(key) === undefined) throw new Error(`no ${key}`)
    ns += process.hrtime.bigint() - start
    await nextTurn()
  }
  console.log(`${name}: ${(Number(ns) / (TURNS * READS_PER_TURN) / 1000).toFixed(2)} µs a read`)
}

try {
  await measure('Map in the heap', (key) => map.get(key), false)
  await measure('ReplicaReader, no writes', (key) => store.get(key), false)
  await measure('ReplicaReader, a commit every turn', (key) => store.get(key), true)
} finally {
  reader.close()
  writer.close()
  rmSync(dir, { recursive: true, force: true })
}
