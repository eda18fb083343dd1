import type { Change, ChangeOf, KeyEntry } from './changes.js'
import type { SnapshotFunction } from './protocol.js'
import type { ReplicaState, StoreState } from './replica-state.js'

/** A change with its place in the log: what `applyChange` needs (a `SyncChange` is one). */
export type CommittedChange = Change & {
  readonly revision: number
  /** ISO 8601 commit time: the stores' `lastModified`. */
  readonly committed: string
}

/**
 * What one applied change touched, for whoever holds more than the plain data (the live
 * replica loads and disposes functions, rebuilds its router).
 */
export type ChangeEffect =
  | { readonly on: 'nothing' }
  | { readonly on: 'store'; readonly storeId: string }
  /** `definition` undefined: the function was deleted. */
  | { readonly on: 'function'; readonly arn: string; readonly definition: SnapshotFunction | undefined }
  | { readonly on: 'distribution'; readonly id: string }
  | { readonly on: 'certificate'; readonly arn: string }

const NOTHING: ChangeEffect = { on: 'nothing' }

export type KeyChange = ChangeOf<'kvs.key.put' | 'kvs.key.deleted' | 'kvs.keys.updated'>

/**
 * The keys a key change deletes and puts, in the order they apply: every delete, then every put
 * (UpdateKeys applies deletes first, in one step).
 */
export function keyEdits(change: KeyChange): { deletes: readonly string[]; puts: readonly KeyEntry[] } {
  switch (change.kind) {
    case 'kvs.key.put':
      return { deletes: [], puts: [{ key: change.payload.key, value: change.payload.value }] }
    case 'kvs.key.deleted':
      return { deletes: [change.payload.key], puts: [] }
    case 'kvs.keys.updated':
      return { deletes: change.payload.deletes, puts: change.payload.puts }
  }
}

// A change for a store the replica never saw creates it.
function storeOf(state: ReplicaState, id: string, at: string): StoreState {
  let store = state.stores.get(id)
  if (store === undefined) {
    store = { name: id, created: at, lastModified: at, entries: new Map() }
    state.stores.set(id, store)
  }
  return store
}

function applyKeys(state: ReplicaState, change: KeyChange, at: string): void {
  const store = storeOf(state, change.payload.storeId, at)
  const { deletes, puts } = keyEdits(change)
  let changed = false
  for (const key of deletes) if (store.entries.delete(key)) changed = true
  for (const { key, value } of puts) {
    store.entries.set(key, value)
    changed = true
  }
  if (changed) store.lastModified = at
}

/**
 * Applies one change to `state`, in place, and says what it touched. Deterministic and free of
 * I/O: the same changes on the same state give the same state, wherever it runs. A change at or
 * below `state.revision` is skipped; kinds an edge does not need (`kvs.updated`,
 * `function.updated`) only advance the revision.
 */
export function applyChange(state: ReplicaState, change: CommittedChange): ChangeEffect {
  if (change.revision <= state.revision) return NOTHING
  state.revision = change.revision
  const at = change.committed
  switch (change.kind) {
    case 'kvs.created': {
      const { storeId, name, created } = change.payload
      const existing = state.stores.get(storeId)
      if (existing !== undefined) existing.name = name
      else state.stores.set(storeId, { name, created, lastModified: created, entries: new Map() })
      return { on: 'store', storeId }
    }
    case 'kvs.deleted':
      state.stores.delete(change.payload.storeId)
      return { on: 'store', storeId: change.payload.storeId }
    case 'kvs.imported':
    case 'kvs.rolledBack': {
      const store = storeOf(state, change.payload.storeId, at)
      store.entries = new Map(change.payload.entries.map(({ key, value }) => [key, value]))
      store.lastModified = at
      return { on: 'store', storeId: change.payload.storeId }
    }
    case 'kvs.key.put':
    case 'kvs.key.deleted':
    case 'kvs.keys.updated':
      applyKeys(state, change, at)
      return { on: 'store', storeId: change.payload.storeId }
    case 'function.published': {
      const definition = change.payload
      state.functions.set(definition.arn, definition)
      if (definition.keyValueStoreId !== undefined) storeOf(state, definition.keyValueStoreId, at)
      return { on: 'function', arn: definition.arn, definition }
    }
    case 'function.deleted':
      state.functions.delete(change.payload.arn)
      return { on: 'function', arn: change.payload.arn, definition: undefined }
    case 'distribution.put':
      state.distributions.set(change.payload.Id, change.payload)
      return { on: 'distribution', id: change.payload.Id }
    case 'distribution.deleted':
      state.distributions.delete(change.payload.id)
      return { on: 'distribution', id: change.payload.id }
    case 'certificate.put':
      state.certificates.set(change.payload.arn, change.payload)
      return { on: 'certificate', arn: change.payload.arn }
    case 'certificate.deleted':
      state.certificates.delete(change.payload.arn)
      return { on: 'certificate', arn: change.payload.arn }
    case 'kvs.updated':
    case 'function.updated':
      return NOTHING
    default:
      // A kind from a newer control plane: skipped, as edges always did.
      return NOTHING
  }
}
