import { channel } from 'node:diagnostics_channel'
import type { KvsLimits } from '../kvs/limits.js'
import { MemoryKeyValueStore } from '../kvs/memory-store.js'
import type { EdgeLocation } from '../runtime/index.js'
import { loadFunction } from '../runtime/index.js'
import type { Snapshot, SnapshotFunction, SyncChange } from '../sync/protocol.js'
import { type ChangeTarget, dispatchChange } from './change-dispatch.js'
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
 * Published when a LIVE function cannot be loaded (its code does not compile here, e.g. a disk
 * snapshot from another version): `{arn, name, error}`. The function is skipped; its previous
 * version, if one is loaded, keeps serving, else its requests get 503.
 */
export const functionLoadChannel = channel('verge:edge:function-load-failed')

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
  #databaseId: string | undefined

  constructor(replica: EdgeReplica, options: { edgeLocation?: EdgeLocation } = {}) {
    this.#replica = replica
    this.#edgeLocation = options.edgeLocation
  }

  /** The revision the replica reflects. */
  get revision(): number {
    return this.#revision
  }

  /** The identity of the database the data came from (`Snapshot.databaseId`). */
  get databaseId(): string | undefined {
    return this.#databaseId
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
    for (const arn of new Set([...replica.functionArns(), ...this.#functions.keys()])) {
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
    this.#databaseId = snapshot.databaseId
  }

  /** Applies one change; a revision at or below the applied one is skipped. */
  applyChange(change: SyncChange): void {
    if (change.revision <= this.#revision) return
    dispatchChange(change, this.#target)
    this.#revision = change.revision
  }

  // Key changes go to the store object in place: loaded functions hold it.
  readonly #target: ChangeTarget = {
    createStore: (id, name, created) => {
      this.#storeNames.set(id, name)
      if (this.#replica.keyValueStore(id) === undefined) {
        this.#replica.putKeyValueStore(
          new MemoryKeyValueStore({ id, created: new Date(created), limits: UNLIMITED }),
        )
      }
    },
    deleteStore: (id) => {
      this.#replica.deleteKeyValueStore(id)
      this.#storeNames.delete(id)
    },
    replaceStoreContent: (id, entries, at) => {
      const when = new Date(at)
      this.#store(id, when).replaceAll(entries, when)
      this.#replica.keyValueStoreChanged()
    },
    putKey: (id, key, value, at) => {
      const when = new Date(at)
      this.#store(id, when).put(key, value, when)
      this.#replica.keyValueStoreChanged()
    },
    deleteKey: (id, key, at) => {
      const when = new Date(at)
      this.#store(id, when).delete(key, when)
      this.#replica.keyValueStoreChanged()
    },
    putFunction: (definition) => this.#putFunction(definition),
    deleteFunction: (arn) => {
      this.#replica.deleteFunction(arn)
      this.#functions.delete(arn)
    },
    putDistribution: (distribution) => this.#replica.putDistribution(distribution),
    deleteDistribution: (id) => {
      this.#replica.deleteDistribution(id)
    },
  }

  /** The replica as a snapshot at the applied revision. */
  toSnapshot(): Snapshot {
    const replica = this.#replica
    return {
      ...(this.#databaseId === undefined ? {} : { databaseId: this.#databaseId }),
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
    // The definition is kept whatever happens, so that `toSnapshot` still describes what the
    // control plane sent.
    this.#functions.set(definition.arn, definition)
    let fn: ReturnType<typeof loadFunction>
    try {
      fn = loadFunction({
        code: definition.code,
        runtime: definition.runtime,
        keyValueStore: store,
        name: definition.name,
        edgeLocation: this.#edgeLocation,
      })
    } catch (error) {
      // The control plane validated the code: a failure here is a version skew or a damaged
      // disk snapshot. Skip the function rather than stop the edge; the previous LIVE version
      // (if loaded) stays in place.
      functionLoadChannel.publish({ arn: definition.arn, name: definition.name, error })
      return
    }
    this.#replica.putFunction(definition.arn, fn)
  }
}
