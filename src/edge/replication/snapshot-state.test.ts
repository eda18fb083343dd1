import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Change, EdgeDistribution, Snapshot, SyncChange } from '../../sync/index.js'
import { EdgeReplica } from './replica.js'
import { ReplicaApplier } from './replica-apply.js'
import { SnapshotState } from './snapshot-state.js'

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
]

const START: Snapshot = { revision: 1, keyValueStores: [], functions: [], distributions: [] }

/** What a worker's applier describes after the same input (it loads the function for real). */
function viaApplier(changes: SyncChange[]): Snapshot {
  const replica = new EdgeReplica()
  const applier = new ReplicaApplier(replica)
  try {
    applier.applySnapshot(START)
    for (const c of changes) applier.applyChange(c)
    return applier.toSnapshot()
  } finally {
    replica.dispose()
  }
}

test('SnapshotState: describes the same snapshot as a worker replica after the same changes', () => {
  const state = new SnapshotState()
  state.applySnapshot(START)
  for (const c of CHANGES) state.applyChange(c)
  const ours = state.toSnapshot()
  assert.equal(ours.revision, 9)
  assert.deepEqual(ours, viaApplier(CHANGES))
  assert.deepEqual(ours.keyValueStores[0]?.entries, [
    ['hello', 'Hello World'],
    ['blog', 'blog-v2'],
  ])
})

test('SnapshotState: skips changes at or below its revision, and a snapshot replaces everything', () => {
  const state = new SnapshotState()
  state.applySnapshot(START)
  for (const c of CHANGES) state.applyChange(c)
  state.applyChange(
    change(9, { kind: 'kvs.key.put', payload: { storeId: STORE, key: 'blog', value: 'stale' } }),
  )
  assert.deepEqual(
    state.toSnapshot().keyValueStores[0]?.entries.find(([k]) => k === 'blog'),
    ['blog', 'blog-v2'],
  )
  state.applyChange(change(10, { kind: 'distribution.deleted', payload: { id: 'E1' } }))
  state.applyChange(change(11, { kind: 'function.deleted', payload: { arn: FN.arn, name: 'echo' } }))
  state.applyChange(change(12, { kind: 'kvs.deleted', payload: { storeId: STORE, name: 'demo' } }))
  assert.deepEqual(state.toSnapshot(), { revision: 12, keyValueStores: [], functions: [], distributions: [] })
  state.applySnapshot({ ...START, revision: 20, distributions: [DIST] })
  assert.deepEqual(state.toSnapshot(), { ...START, revision: 20, distributions: [DIST] })
})
