import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import type { SyncChange } from '../../sync/index.js'
import { feedSnapshot } from '../../sync/index.js'
import { openReplica } from './replica-open.js'
import { ReplicaReader } from './replica-reader.js'

const STORE = 'a1b2c3d4-0000-4000-8000-000000000001'
const KEYS = Array.from({ length: 10 }, (_, i) => `g${i}`)
const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

const root = mkdtempSync(join(tmpdir(), 'verge-replica-reader-'))
after(() => rmSync(root, { recursive: true, force: true }))

/** UpdateKeys setting every key of `KEYS` to `batch`, committed at `revision`. */
const batch = (revision: number, value: string): SyncChange => ({
  kind: 'kvs.keys.updated',
  payload: { storeId: STORE, puts: KEYS.map((key) => ({ key, value })), deletes: [] },
  revision,
  entityId: STORE,
  committed: '2026-01-01T00:00:02.000Z',
})

const readAll = (reader: ReplicaReader) => KEYS.map((key) => reader.reader(STORE).get(key))

test('ReplicaReader: every reader (one per worker) sees a commit from its next turn on, and one turn reads one revision', async () => {
  const writer = openReplica(join(root, 'edge'))
  feedSnapshot(writer.snapshotSink(), {
    databaseId: 'db-1',
    revision: 1,
    keyValueStores: [
      {
        id: STORE,
        name: 'demo',
        created: '2026-01-01T00:00:00.000Z',
        lastModified: '2026-01-01T00:00:01.000Z',
        entries: KEYS.map((key) => [key, 'b1']),
      },
    ],
    functions: [],
    distributions: [],
  })
  const first = new ReplicaReader(writer.file)
  const second = new ReplicaReader(writer.file)
  try {
    assert.deepEqual(
      readAll(first),
      KEYS.map(() => 'b1'),
    )
    // The primary commits while a function of this turn is half way through its reads: the
    // rest of them still see the revision the turn started with, never a mixture.
    assert.equal(first.reader(STORE).get('g0'), 'b1')
    writer.applyChanges([batch(2, 'b2')])
    assert.deepEqual(
      readAll(first),
      KEYS.map(() => 'b1'),
    )
    await nextTurn()
    // From the next turn on, every reader sees the commit, whole.
    assert.deepEqual(
      readAll(first),
      KEYS.map(() => 'b2'),
    )
    assert.deepEqual(
      readAll(second),
      KEYS.map(() => 'b2'),
    )
    assert.deepEqual(first.reader(STORE).meta(), {
      creationDateTime: '2026-01-01T00:00:00.000Z',
      lastUpdatedDateTime: '2026-01-01T00:00:02.000Z',
      keyCount: KEYS.length,
    })
    // A snapshot swapped in is seen whole as well; the store it lacks is gone.
    feedSnapshot(writer.snapshotSink(), {
      databaseId: 'db-1',
      revision: 3,
      keyValueStores: [],
      functions: [],
      distributions: [],
    })
    await nextTurn()
    assert.equal(second.has(STORE), false)
    assert.deepEqual(
      readAll(second),
      KEYS.map(() => undefined),
    )
    assert.equal(second.reader(STORE).meta().keyCount, 0)
  } finally {
    first.close()
    second.close()
    writer.close()
  }
})
