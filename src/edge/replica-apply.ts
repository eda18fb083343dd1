import type { KvsLimits } from '../kvs/limits.js'
import { MemoryKeyValueStore } from '../kvs/memory-store.js'
import { loadFunction } from '../runtime/function.js'
import type { EdgeLocation } from '../runtime/sandbox.js'
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
import type { EdgeReplica } from './replica.js'

// The control plane validated every write against its own (possibly raised) limits: an edge
// never refuses what it was sent.
const UNLIMITED: KvsLimits = {
  maxKeyBytes: Number.POSITIVE_INFINITY,
  maxValueBytes: Number.POSITIVE_INFINITY,
  maxStoreBytes: Number.POSITIVE_INFINITY,
  maxUpdateKeysEntries: Number.POSITIVE_INFINITY,
}

/**
 * Applies snapshots and changes from the control plane to an edge's replica, and can describe
 * the replica as a snapshot again (for the edge's disk copy). Runs between invocations: every
 * method is synchronous.
 */
export class ReplicaApplier {
  readonly #replica: EdgeReplica
  readonly #edgeLocation: EdgeLocation | undefined
  readonly #functions = new Map<string, SnapshotFunction>()
  readonly #storeNames = new Map<string, string>()
  #revision = 0

  constructor(replica: EdgeReplica, options: { edgeLocation?: EdgeLocation } = {}) {
    this.#replica = replica
    this.#edgeLocation = options.edgeLocation
  }

  /** The revision the replica reflects. */
  get revision(): number {
    return this.#revision
  }

  applySnapshot(snapshot: Snapshot): void {
    const replica = this.#replica
    const keep = new Set<string>()
    for (const store of snapshot.keyValueStores) {
      keep.add(store.id)
      this.#storeNames.set(store.id, store.name)
      const at = new Date(store.lastModified)
      const existing = replica.keyValueStore(store.id)
      // Replace content in place: loaded functions hold the store object.
      if (existing !== undefined) existing.replaceAll(store.entries, at)
      else {
        const created = new MemoryKeyValueStore({
          id: store.id,
          created: new Date(store.created),
          lastUpdated: at,
          limits: UNLIMITED,
        })
        created.replaceAll(store.entries, at)
        replica.putKeyValueStore(created)
      }
    }
    for (const id of [...this.#storeIds()]) {
      if (!keep.has(id)) {
        replica.deleteKeyValueStore(id)
        this.#storeNames.delete(id)
      }
    }

    const arns = new Set(snapshot.functions.map((fn) => fn.arn))
    for (const arn of [...replica.functionArns()]) {
      if (!arns.has(arn)) {
        replica.deleteFunction(arn)
        this.#functions.delete(arn)
      }
    }
    for (const fn of snapshot.functions) this.#putFunction(fn)

    const ids = new Set(snapshot.distributions.map((d) => d.Id))
    for (const distribution of [...replica.distributions()])
      if (!ids.has(distribution.Id)) replica.deleteDistribution(distribution.Id)
    for (const distribution of snapshot.distributions) replica.putDistribution(distribution)
    this.#revision = snapshot.revision
  }

  /** Applies one change; kinds an edge does not need (or does not know yet) are skipped. */
  applyChange(change: SyncChange): void {
    if (change.revision <= this.#revision) return
    const replica = this.#replica
    const at = new Date(change.committed)
    switch (change.kind) {
      case ChangeKind.kvsCreated: {
        const payload = change.payload as KvsCreatedPayload
        this.#storeNames.set(payload.storeId, payload.name)
        if (replica.keyValueStore(payload.storeId) === undefined) {
          replica.putKeyValueStore(
            new MemoryKeyValueStore({
              id: payload.storeId,
              created: new Date(payload.created),
              limits: UNLIMITED,
            }),
          )
        }
        break
      }
      case ChangeKind.kvsDeleted: {
        const { storeId } = change.payload as KvsDeletedPayload
        replica.deleteKeyValueStore(storeId)
        this.#storeNames.delete(storeId)
        break
      }
      case ChangeKind.kvsImported:
      case ChangeKind.kvsRolledBack: {
        const payload = change.payload as KvsContentPayload
        this.#store(payload.storeId, at).replaceAll(
          payload.entries.map((entry) => [entry.key, entry.value] as const),
          at,
        )
        replica.keyValueStoreChanged()
        break
      }
      case ChangeKind.keyPut: {
        const payload = change.payload as KvsKeyPutPayload
        this.#store(payload.storeId, at).put(payload.key, payload.value, at)
        replica.keyValueStoreChanged()
        break
      }
      case ChangeKind.keyDeleted: {
        const payload = change.payload as KvsKeyDeletedPayload
        this.#store(payload.storeId, at).delete(payload.key, at)
        replica.keyValueStoreChanged()
        break
      }
      case ChangeKind.keysUpdated: {
        const payload = change.payload as KvsKeysUpdatedPayload
        const store = this.#store(payload.storeId, at)
        for (const key of payload.deletes) store.delete(key, at)
        for (const entry of payload.puts) store.put(entry.key, entry.value, at)
        replica.keyValueStoreChanged()
        break
      }
      case ChangeKind.functionPublished:
        this.#putFunction(change.payload as SnapshotFunction)
        break
      case ChangeKind.functionDeleted: {
        const { arn } = change.payload as FunctionDeletedPayload
        replica.deleteFunction(arn)
        this.#functions.delete(arn)
        break
      }
      case ChangeKind.distributionPut:
        replica.putDistribution(change.payload as EdgeDistribution)
        break
      case ChangeKind.distributionDeleted:
        replica.deleteDistribution((change.payload as DistributionDeletedPayload).id)
        break
      default:
        break
    }
    this.#revision = change.revision
  }

  /** The replica as a snapshot at the applied revision. */
  toSnapshot(): Snapshot {
    const replica = this.#replica
    return {
      revision: this.#revision,
      keyValueStores: [...this.#storeIds()].map((id) => {
        const store = replica.keyValueStore(id) as MemoryKeyValueStore
        const meta = store.meta()
        return {
          id,
          name: this.#storeNames.get(id) ?? id,
          created: meta.creationDateTime,
          lastModified: meta.lastUpdatedDateTime,
          entries: [...store.entries()],
        }
      }),
      functions: [...this.#functions.values()],
      distributions: [...replica.distributions()],
    }
  }

  *#storeIds(): Iterable<string> {
    yield* this.#replica.keyValueStoreIds()
  }

  #store(id: string, at: Date): MemoryKeyValueStore {
    let store = this.#replica.keyValueStore(id)
    if (store === undefined) {
      store = new MemoryKeyValueStore({ id, created: at, limits: UNLIMITED })
      this.#replica.putKeyValueStore(store)
    }
    return store
  }

  #putFunction(definition: SnapshotFunction): void {
    const previous = this.#functions.get(definition.arn)
    if (
      previous !== undefined &&
      previous.code === definition.code &&
      previous.runtime === definition.runtime &&
      previous.keyValueStoreId === definition.keyValueStoreId &&
      this.#replica.function(definition.arn) !== undefined
    ) {
      return
    }
    const store =
      definition.keyValueStoreId === undefined
        ? undefined
        : this.#store(definition.keyValueStoreId, new Date())
    // The control plane validated the code; a load failure here would be a version skew, and
    // the previous LIVE function stays in place.
    const fn = loadFunction({
      code: definition.code,
      runtime: definition.runtime,
      keyValueStore: store,
      name: definition.name,
      edgeLocation: this.#edgeLocation,
    })
    this.#replica.putFunction(definition.arn, fn)
    this.#functions.set(definition.arn, definition)
  }
}
