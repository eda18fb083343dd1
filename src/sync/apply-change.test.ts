import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applyChange, type CommittedChange } from './apply-change.js'
import { type Change, changeEntityId } from './changes.js'
import type { EdgeDistribution } from './distribution.js'
import { createReplicaState, type ReplicaState, toSnapshot } from './replica-state.js'
import { applySnapshot } from './replica-state-sink.js'

const T = (n: number) => `2026-02-01T00:00:${String(n).padStart(2, '0')}.000Z`
const S = 'a1b2c3d4-0000-4000-8000-0000000000aa'
const FN = {
  arn: 'arn:aws:cloudfront::000000000000:function/echo',
  name: 'echo',
  runtime: 'cloudfront-js-2.0',
  code: 'function handler(e) { return e.request }',
} as const
const DIST = {
  Id: 'E1',
  DomainName: 'e1.verge.local',
  ARN: 'arn:aws:cloudfront::000000000000:distribution/E1',
  Config: {},
} as unknown as EdgeDistribution

const at = (revision: number, change: Change): CommittedChange => ({
  ...change,
  revision,
  committed: T(revision),
})

/** A state holding store `S` with `entries`, last modified at T(1), at revision 1. */
function withStore(entries: [string, string][] = []): ReplicaState {
  const state = createReplicaState()
  applySnapshot(state, {
    revision: 1,
    keyValueStores: [{ id: S, name: 'demo', created: T(0), lastModified: T(1), entries }],
    functions: [],
    distributions: [],
  })
  return state
}

const entries = (state: ReplicaState) => [...(state.stores.get(S)?.entries ?? [])]

test('applyChange: kvs.created adds an empty store with its name and creation time', () => {
  const state = createReplicaState()
  const effect = applyChange(
    state,
    at(2, {
      kind: 'kvs.created',
      payload: { storeId: S, name: 'demo', comment: '', status: 'READY', created: T(2) },
    }),
  )
  assert.deepEqual(effect, { on: 'store', storeId: S })
  assert.equal(state.revision, 2)
  assert.deepEqual(state.stores.get(S), {
    name: 'demo',
    created: T(2),
    lastModified: T(2),
    entries: new Map(),
  })
})

test('applyChange: kvs.created for a store already held renames it and keeps its keys', () => {
  const state = withStore([['k', 'v']])
  applyChange(
    state,
    at(2, {
      kind: 'kvs.created',
      payload: { storeId: S, name: 'renamed', comment: '', status: 'READY', created: T(2) },
    }),
  )
  assert.equal(state.stores.get(S)?.name, 'renamed')
  assert.deepEqual(entries(state), [['k', 'v']])
})

test('applyChange: kvs.deleted removes the store and its keys', () => {
  const state = withStore([['k', 'v']])
  assert.deepEqual(
    applyChange(state, at(2, { kind: 'kvs.deleted', payload: { storeId: S, name: 'demo' } })),
    {
      on: 'store',
      storeId: S,
    },
  )
  assert.equal(state.stores.has(S), false)
})

test('applyChange: kvs.imported and kvs.rolledBack replace the whole content', () => {
  const state = withStore([
    ['old', '1'],
    ['kept', 'x'],
  ])
  applyChange(
    state,
    at(2, {
      kind: 'kvs.imported',
      payload: { storeId: S, status: 'READY', entries: [{ key: 'a', value: '1' }] },
    }),
  )
  assert.deepEqual(entries(state), [['a', '1']])
  assert.equal(state.stores.get(S)?.lastModified, T(2))
  applyChange(
    state,
    at(3, {
      kind: 'kvs.rolledBack',
      payload: { storeId: S, status: 'READY', entries: [{ key: 'b', value: '2' }], toRevision: 1 },
    }),
  )
  assert.deepEqual(entries(state), [['b', '2']])
  assert.equal(state.stores.get(S)?.lastModified, T(3))
})

test('applyChange: kvs.key.put sets one key and the store time', () => {
  const state = withStore([['k', 'v1']])
  applyChange(state, at(2, { kind: 'kvs.key.put', payload: { storeId: S, key: 'k', value: 'v2' } }))
  assert.deepEqual(entries(state), [['k', 'v2']])
  assert.equal(state.stores.get(S)?.lastModified, T(2))
})

test('applyChange: kvs.key.deleted removes one key; a missing key leaves the store time', () => {
  const state = withStore([['k', 'v']])
  applyChange(state, at(2, { kind: 'kvs.key.deleted', payload: { storeId: S, key: 'nope' } }))
  assert.equal(state.stores.get(S)?.lastModified, T(1))
  applyChange(state, at(3, { kind: 'kvs.key.deleted', payload: { storeId: S, key: 'k' } }))
  assert.deepEqual(entries(state), [])
  assert.equal(state.stores.get(S)?.lastModified, T(3))
})

test('applyChange: kvs.keys.updated applies every delete, then every put', () => {
  const state = withStore([
    ['a', '1'],
    ['b', '2'],
  ])
  applyChange(
    state,
    at(2, {
      kind: 'kvs.keys.updated',
      payload: {
        storeId: S,
        deletes: ['a', 'c'],
        puts: [
          { key: 'c', value: 'new' },
          { key: 'b', value: '3' },
        ],
      },
    }),
  )
  // "c" is deleted first (absent), then put: it is there.
  assert.deepEqual(entries(state), [
    ['b', '3'],
    ['c', 'new'],
  ])
})

test('applyChange: a key change for a store never seen creates it, named by its Id', () => {
  const state = createReplicaState()
  applyChange(state, at(4, { kind: 'kvs.key.put', payload: { storeId: S, key: 'k', value: 'v' } }))
  assert.deepEqual(state.stores.get(S), {
    name: S,
    created: T(4),
    lastModified: T(4),
    entries: new Map([['k', 'v']]),
  })
})

test('applyChange: kvs.updated and function.updated change nothing but the revision', () => {
  const state = withStore([['k', 'v']])
  const before = toSnapshot(state)
  assert.deepEqual(
    applyChange(
      state,
      at(2, { kind: 'kvs.updated', payload: { storeId: S, comment: 'c', status: 'READY' } }),
    ),
    { on: 'nothing' },
  )
  assert.deepEqual(applyChange(state, at(3, { kind: 'function.updated', payload: FN })), { on: 'nothing' })
  assert.deepEqual(toSnapshot(state), { ...before, revision: 3 })
})

test('applyChange: function.published holds the definition and creates its store', () => {
  const state = createReplicaState()
  const definition = { ...FN, keyValueStoreId: S }
  assert.deepEqual(applyChange(state, at(2, { kind: 'function.published', payload: definition })), {
    on: 'function',
    arn: FN.arn,
    definition,
  })
  assert.deepEqual(state.functions.get(FN.arn), definition)
  assert.equal(state.stores.get(S)?.entries.size, 0)
})

test('applyChange: function.deleted drops the definition', () => {
  const state = createReplicaState()
  applyChange(state, at(2, { kind: 'function.published', payload: FN }))
  assert.deepEqual(
    applyChange(state, at(3, { kind: 'function.deleted', payload: { arn: FN.arn, name: 'echo' } })),
    {
      on: 'function',
      arn: FN.arn,
      definition: undefined,
    },
  )
  assert.equal(state.functions.size, 0)
})

test('applyChange: distribution.put adds or replaces by Id; distribution.deleted removes it', () => {
  const state = createReplicaState()
  assert.deepEqual(applyChange(state, at(2, { kind: 'distribution.put', payload: DIST })), {
    on: 'distribution',
    id: 'E1',
  })
  const replaced = { ...DIST, DomainName: 'other.verge.local' }
  applyChange(state, at(3, { kind: 'distribution.put', payload: replaced }))
  assert.deepEqual([...state.distributions.values()], [replaced])
  assert.deepEqual(applyChange(state, at(4, { kind: 'distribution.deleted', payload: { id: 'E1' } })), {
    on: 'distribution',
    id: 'E1',
  })
  assert.equal(state.distributions.size, 0)
})

test('applyChange: a change at or below the revision is skipped', () => {
  const state = withStore([['k', 'v']])
  applyChange(state, at(5, { kind: 'kvs.key.put', payload: { storeId: S, key: 'k', value: 'new' } }))
  assert.deepEqual(
    applyChange(state, at(5, { kind: 'kvs.key.put', payload: { storeId: S, key: 'k', value: 'stale' } })),
    { on: 'nothing' },
  )
  applyChange(state, at(3, { kind: 'kvs.deleted', payload: { storeId: S, name: 'demo' } }))
  assert.deepEqual(entries(state), [['k', 'new']])
  assert.equal(state.revision, 5)
})

test('applyChange: a kind from a newer control plane only advances the revision', () => {
  const state = withStore([['k', 'v']])
  const before = toSnapshot(state)
  const unknown = {
    kind: 'kvs.future',
    payload: {},
    revision: 2,
    committed: T(2),
  } as unknown as CommittedChange
  assert.deepEqual(applyChange(state, unknown), { on: 'nothing' })
  assert.deepEqual(toSnapshot(state), { ...before, revision: 2 })
})

test('applySnapshot: replaces everything; toSnapshot gives it back', () => {
  const state = withStore([['k', 'v']])
  applyChange(state, at(2, { kind: 'function.published', payload: FN }))
  const snapshot = {
    databaseId: 'db-1',
    revision: 9,
    keyValueStores: [
      { id: 'other', name: 'o', created: T(0), lastModified: T(0), entries: [['x', 'y']] as const },
    ],
    functions: [],
    distributions: [DIST],
  }
  applySnapshot(state, snapshot)
  assert.deepEqual(toSnapshot(state), {
    ...snapshot,
    keyValueStores: [{ ...snapshot.keyValueStores[0], entries: [['x', 'y']] }],
  })
  assert.equal(state.databaseId, 'db-1')
})

test('changeEntityId: a store Id, a function name or a distribution Id', () => {
  assert.equal(changeEntityId({ kind: 'kvs.key.deleted', payload: { storeId: S, key: 'k' } }), S)
  assert.equal(changeEntityId({ kind: 'function.deleted', payload: { arn: FN.arn, name: 'echo' } }), 'echo')
  assert.equal(changeEntityId({ kind: 'function.published', payload: FN }), 'echo')
  assert.equal(changeEntityId({ kind: 'distribution.put', payload: DIST }), 'E1')
  assert.equal(changeEntityId({ kind: 'distribution.deleted', payload: { id: 'E2' } }), 'E2')
})
