import type { Snapshot } from './protocol.js'
import { createReplicaState, type ReplicaState, type StoreState } from './replica-state.js'
import { feedSnapshot, type SnapshotSink } from './snapshot-stream.js'

/**
 * A snapshot sink over a plain `ReplicaState`: the parts build a new state beside `target`,
 * which keeps serving unchanged until `commit` moves the new stores, functions and
 * distributions into it at once (a move of references, not of entries). `abort` drops the new
 * state. `onCommit` runs after the swap (a live replica reloads its functions there).
 */
export function createReplicaStateSink(target: ReplicaState, onCommit?: () => void): SnapshotSink {
  let staged: ReplicaState | undefined
  const open = (): ReplicaState => {
    if (staged === undefined) throw new Error('A snapshot part arrived outside begin … commit.')
    return staged
  }
  return {
    begin(header) {
      staged = createReplicaState()
      staged.revision = header.revision
      staged.databaseId = header.databaseId
    },
    store(store) {
      const state = open()
      const { id, ...meta } = store
      state.stores.set(id, {
        name: meta.name,
        created: meta.created,
        lastModified: meta.lastModified,
        entries: new Map(),
      })
    },
    entries(storeId, entries) {
      const store: StoreState | undefined = open().stores.get(storeId)
      if (store === undefined) throw new Error(`Entries arrived for store ${storeId} before the store.`)
      for (const [key, value] of entries) store.entries.set(key, value)
    },
    function(definition) {
      open().functions.set(definition.arn, definition)
    },
    distribution(distribution) {
      open().distributions.set(distribution.Id, distribution)
    },
    commit() {
      const state = open()
      staged = undefined
      move(state.stores, target.stores)
      move(state.functions, target.functions)
      move(state.distributions, target.distributions)
      target.revision = state.revision
      target.databaseId = state.databaseId
      onCommit?.()
    },
    abort() {
      staged = undefined
    },
  }
}

function move<K, V>(from: Map<K, V>, to: Map<K, V>): void {
  to.clear()
  for (const [key, value] of from) to.set(key, value)
}

/** Replaces everything `state` holds with `snapshot` (checked in full), through its sink. */
export function applySnapshot(state: ReplicaState, snapshot: Snapshot): void {
  feedSnapshot(createReplicaStateSink(state), snapshot)
}
