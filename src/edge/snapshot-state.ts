import {
  ChangeKind,
  type DistributionDeletedPayload,
  type FunctionDeletedPayload,
  type KvsContentPayload,
  type KvsCreatedPayload,
  type KvsDeletedPayload,
  type KvsKeyDeletedPayload,
  type KvsKeyPutPayload,
  type KvsKeysUpdatedPayload,
} from '../sync/changes.js'
import type { EdgeDistribution } from '../sync/distribution.js'
import type { Snapshot, SnapshotFunction, SyncChange } from '../sync/protocol.js'

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

  get revision(): number {
    return this.#revision
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
  }

  /** Applies one change; a revision at or below the current one is skipped. */
  applyChange(change: SyncChange): void {
    if (change.revision <= this.#revision) return
    const at = change.committed
    switch (change.kind) {
      case ChangeKind.kvsCreated: {
        const payload = change.payload as KvsCreatedPayload
        const existing = this.#stores.get(payload.storeId)
        if (existing !== undefined) existing.name = payload.name
        else
          this.#stores.set(payload.storeId, {
            name: payload.name,
            created: payload.created,
            lastModified: payload.created,
            entries: new Map(),
          })
        break
      }
      case ChangeKind.kvsDeleted:
        this.#stores.delete((change.payload as KvsDeletedPayload).storeId)
        break
      case ChangeKind.kvsImported:
      case ChangeKind.kvsRolledBack: {
        const payload = change.payload as KvsContentPayload
        const store = this.#store(payload.storeId, at)
        store.entries = new Map(payload.entries.map((entry) => [entry.key, entry.value]))
        store.lastModified = at
        break
      }
      case ChangeKind.keyPut: {
        const payload = change.payload as KvsKeyPutPayload
        const store = this.#store(payload.storeId, at)
        store.entries.set(payload.key, payload.value)
        store.lastModified = at
        break
      }
      case ChangeKind.keyDeleted: {
        const payload = change.payload as KvsKeyDeletedPayload
        const store = this.#store(payload.storeId, at)
        if (store.entries.delete(payload.key)) store.lastModified = at
        break
      }
      case ChangeKind.keysUpdated: {
        const payload = change.payload as KvsKeysUpdatedPayload
        const store = this.#store(payload.storeId, at)
        for (const key of payload.deletes) store.entries.delete(key)
        for (const entry of payload.puts) store.entries.set(entry.key, entry.value)
        store.lastModified = at
        break
      }
      case ChangeKind.functionPublished: {
        const fn = change.payload as SnapshotFunction
        this.#functions.set(fn.arn, fn)
        if (fn.keyValueStoreId !== undefined) this.#store(fn.keyValueStoreId, new Date().toISOString())
        break
      }
      case ChangeKind.functionDeleted:
        this.#functions.delete((change.payload as FunctionDeletedPayload).arn)
        break
      case ChangeKind.distributionPut: {
        const distribution = change.payload as EdgeDistribution
        this.#distributions.set(distribution.Id, distribution)
        break
      }
      case ChangeKind.distributionDeleted:
        this.#distributions.delete((change.payload as DistributionDeletedPayload).id)
        break
      default:
        break
    }
    this.#revision = change.revision
  }

  /** Everything held, consistent at `revision`. */
  toSnapshot(): Snapshot {
    return {
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
