import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import type { Change, EdgeDistribution, Snapshot, SyncChange } from '../../sync/index.js'
import { applyChange, applySnapshot, createReplicaState, feedSnapshot, toSnapshot } from '../../sync/index.js'
import type { ReplicaDatabase } from './replica-database.js'
import { openReplica } from './replica-open.js'

const T = (n: number) => `2026-01-01T00:00:0${n}.000Z`
const STORE = 'a1b2c3d4-0000-4000-8000-000000000001'
const FN = {
  arn: 'arn:aws:cloudfront::000000000000:function/echo',
  name: 'echo',
  runtime: 'cloudfront-js-2.0',
  code: 'function handler(e) { return e.request }',
  keyValueStoreId: STORE,
} as const
const DIST = {
  Id: 'E1',
  DomainName: 'e1.verge.local',
  ARN: 'arn:aws:cloudfront::000000000000:distribution/E1',
  Config: {},
} as unknown as EdgeDistribution

/** A certificate as edges receive it (the PEM is not parsed by the replica). */
const CERT = (id: string) => ({
  arn: `arn:aws:acm:us-east-1:000000000000:certificate/${id}`,
  certificate: `-----BEGIN CERTIFICATE-----\n${id}\n-----END CERTIFICATE-----\n`,
  privateKey: `-----BEGIN PRIVATE KEY-----\n${id}\n-----END PRIVATE KEY-----\n`,
})

const change = (revision: number, c: Change): SyncChange => ({
  ...c,
  revision,
  entityId: 'x',
  committed: T(revision),
})

const CHANGES: SyncChange[] = [
  change(2, {
    kind: 'kvs.created',
    payload: {
      storeId: STORE,
      name: 'demo',
      comment: '',
      status: 'READY',
      created: T(2),
    },
  }),
  change(3, { kind: 'kvs.key.put', payload: { storeId: STORE, key: 'hello', value: 'Hello World' } }),
  change(4, {
    kind: 'kvs.keys.updated',
    payload: {
      storeId: STORE,
      puts: [
        { key: 'blog', value: 'blog-v1' },
        { key: 'x', value: '1' },
      ],
      deletes: [],
    },
  }),
  change(5, { kind: 'kvs.key.deleted', payload: { storeId: STORE, key: 'x' } }),
  change(6, { kind: 'function.published', payload: FN }),
  change(7, { kind: 'distribution.put', payload: DIST }),
  change(8, { kind: 'function.updated', payload: { ...FN, code: 'function handler(e) { return 1 }' } }),
  change(9, { kind: 'kvs.key.put', payload: { storeId: STORE, key: 'blog', value: 'blog-v2' } }),
  change(10, { kind: 'certificate.put', payload: CERT('a') }),
  change(11, { kind: 'certificate.put', payload: CERT('b') }),
  change(12, { kind: 'certificate.deleted', payload: { arn: CERT('a').arn } }),
]

const START: Snapshot = {
  databaseId: 'db-1',
  revision: 1,
  keyValueStores: [],
  functions: [],
  distributions: [],
  certificates: [],
}

const root = mkdtempSync(join(tmpdir(), 'verge-replica-db-'))
after(() => rmSync(root, { recursive: true, force: true }))
let counter = 0
/** A fresh replica database holding `START`. */
function fresh(): ReplicaDatabase {
  const replica = openReplica(join(root, `edge-${counter++}`))
  feedSnapshot(replica.snapshotSink(), START)
  return replica
}

/** Stores and entries in a stable order: SQLite returns them by key, the reducer as inserted. */
function sorted(snapshot: Snapshot): Snapshot {
  return {
    ...snapshot,
    keyValueStores: [...snapshot.keyValueStores]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((store) => ({ ...store, entries: [...store.entries].sort(([a], [b]) => a.localeCompare(b)) })),
  }
}

/** What the `sync/` reducer holds after the same input. */
function viaReducer(changes: SyncChange[]): Snapshot {
  const state = createReplicaState()
  applySnapshot(state, START)
  for (const c of changes) applyChange(state, c)
  return sorted(toSnapshot(state))
}

test('ReplicaDatabase: holds what the sync reducer holds after the same changes, one batch or one by one', () => {
  const whole = fresh()
  const single = fresh()
  try {
    whole.applyChanges(CHANGES)
    for (const c of CHANGES) single.applyChanges([c])
    assert.equal(whole.revision, 12)
    assert.deepEqual(
      whole.definitions().certificates?.map((c) => c.arn),
      [CERT('b').arn],
      'the certificates, as the worker loads them',
    )
    assert.deepEqual(whole.toSnapshot(), viaReducer(CHANGES))
    assert.deepEqual(single.toSnapshot(), whole.toSnapshot())
    assert.deepEqual(whole.toSnapshot().keyValueStores[0]?.entries, [
      ['blog', 'blog-v2'],
      ['hello', 'Hello World'],
    ])
  } finally {
    whole.close()
    single.close()
  }
})

test('ReplicaDatabase: skips changes at or below its revision, and a snapshot replaces everything', () => {
  const replica = fresh()
  try {
    replica.applyChanges(CHANGES)
    replica.applyChanges([
      change(9, { kind: 'kvs.key.put', payload: { storeId: STORE, key: 'blog', value: 'stale' } }),
    ])
    assert.deepEqual(
      replica.toSnapshot().keyValueStores[0]?.entries.find(([k]) => k === 'blog'),
      ['blog', 'blog-v2'],
    )
    replica.applyChanges([
      change(13, { kind: 'distribution.deleted', payload: { id: 'E1' } }),
      change(14, { kind: 'function.deleted', payload: { arn: FN.arn, name: 'echo' } }),
      change(15, { kind: 'kvs.deleted', payload: { storeId: STORE, name: 'demo' } }),
      change(16, { kind: 'certificate.deleted', payload: { arn: CERT('b').arn } }),
    ])
    assert.deepEqual(replica.toSnapshot(), { ...START, revision: 16 })
    feedSnapshot(replica.snapshotSink(), {
      ...START,
      databaseId: 'db-2',
      revision: 20,
      distributions: [DIST],
    })
    assert.deepEqual(replica.toSnapshot(), {
      ...START,
      databaseId: 'db-2',
      revision: 20,
      distributions: [DIST],
    })
    assert.equal(replica.databaseId, 'db-2')
  } finally {
    replica.close()
  }
})

test('ReplicaDatabase: a snapshot not committed (aborted, or the process gone) leaves the previous replica', () => {
  const dataDir = join(root, `edge-${counter++}`)
  let replica = openReplica(dataDir)
  feedSnapshot(replica.snapshotSink(), START)
  // Store changes only: the hand-made distribution would not pass the check of a reopened file.
  replica.applyChanges(CHANGES.slice(0, 4))
  const before = replica.toSnapshot()
  const aborted = replica.snapshotSink()
  aborted.begin({ databaseId: 'db-2', revision: 30 })
  aborted.store({ id: 'other', name: 'other', created: T(1), lastModified: T(1) })
  aborted.entries('other', [['k', 'v']])
  aborted.abort()
  assert.deepEqual(replica.toSnapshot(), before)
  // Half a snapshot, then the process ends without a commit: the file still holds the old one.
  const cut = replica.snapshotSink()
  cut.begin({ databaseId: 'db-2', revision: 30 })
  cut.store({ id: 'other', name: 'other', created: T(1), lastModified: T(1) })
  replica.close()
  replica = openReplica(dataDir)
  try {
    assert.deepEqual(replica.toSnapshot(), before)
    assert.equal(replica.revision, 5)
  } finally {
    replica.close()
  }
})
