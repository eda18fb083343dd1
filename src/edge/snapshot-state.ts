import type { EdgeDistribution } from '../sync/distribution.js'
import type { Snapshot, SnapshotFunction, SyncChange } from '../sync/protocol.js'
import { type ChangeTarget, dispatchChange } from './change-dispatch.js'

interface StoreData {
  name: string
  created: string
  lastModified: string
  entries: Map<string, string>
}

/**
 * The replica as plain data, with no function loaded: what the primary of a multi-core edge
 * keeps to write the disk snapshot and to start (or restart) a worker. Applies snapshots and
 * changes with the same rules as `ReplicaApplier`, so `toSnapshot()` equals what a worker's
 * applier would describe at the same revision.
 */
export class SnapshotState {
  readonly #stores = new Map<string, StoreData>()
  readonly #functions = new Map<string, SnapshotFunction>()
  readonly #distributions = new Map<string, EdgeDistribution>()
  #revision = 0
  #databaseId: string | undefined

  get revision(): number {
    return this.#revision
  }

  /** The identity of the database the data came from (`Snapshot.databaseId`). */
  get databaseId(): string | undefined {
    return this.#databaseId
  }

  applySnapshot(snapshot: Snapshot): void {
    this.#stores.clear()
    for (const store of snapshot.keyValueStores) {
      this.#stores.set(store.id, {
        name: store.name,
        created: store.created,
        lastModified: store.lastModified,
        entries: new Map(store.entries),
      })
    }
    this.#functions.clear()
    for (const fn of snapshot.functions) this.#functions.set(fn.arn, fn)
    this.#distributions.clear()
    for (const distribution of snapshot.distributions) this.#distributions.set(distribution.Id, distribution)
    this.#revision = snapshot.revision
    this.#databaseId = snapshot.databaseId
  }

  /** Applies one change; a revision at or below the current one is skipped. */
  applyChange(change: SyncChange): void {
    if (change.revision <= this.#revision) return
    dispatchChange(change, this.#target)
    this.#revision = change.revision
  }

  readonly #target: ChangeTarget = {
    createStore: (id, name, created) => {
      const existing = this.#stores.get(id)
      if (existing !== undefined) existing.name = name
      else this.#stores.set(id, { name, created, lastModified: created, entries: new Map() })
    },
    deleteStore: (id) => {
      this.#stores.delete(id)
    },
    replaceStoreContent: (id, entries, at) => {
      const store = this.#store(id, at)
      store.entries = new Map(entries)
      store.lastModified = at
    },
    putKey: (id, key, value, at) => {
      const store = this.#store(id, at)
      store.entries.set(key, value)
      store.lastModified = at
    },
    deleteKey: (id, key, at) => {
      const store = this.#store(id, at)
      if (store.entries.delete(key)) store.lastModified = at
    },
    putFunction: (fn) => {
      this.#functions.set(fn.arn, fn)
      if (fn.keyValueStoreId !== undefined) this.#store(fn.keyValueStoreId, new Date().toISOString())
    },
    deleteFunction: (arn) => {
      this.#functions.delete(arn)
    },
    putDistribution: (distribution) => {
      this.#distributions.set(distribution.Id, distribution)
    },
    deleteDistribution: (id) => {
      this.#distributions.delete(id)
    },
  }

  /** Everything held, consistent at `revision`. */
  toSnapshot(): Snapshot {
    return {
      ...(this.#databaseId === undefined ? {} : { databaseId: this.#databaseId }),
      revision: this.#revision,
      keyValueStores: [...this.#stores].map(([id, store]) => ({
        id,
        name: store.name,
        created: store.created,
        lastModified: store.lastModified,
        entries: [...store.entries],
      })),
      functions: [...this.#functions.values()],
      distributions: [...this.#distributions.values()],
    }
  }

  // A change for a store the edge never saw creates it, as ReplicaApplier does.
  #store(id: string, at: string): StoreData {
    let store = this.#stores.get(id)
    if (store === undefined) {
      store = { name: id, created: at, lastModified: at, entries: new Map() }
      this.#stores.set(id, store)
    }
    return store
  }
}
