import type { KeyValueStoreMeta, KeyValueStoreReader } from '../../kvs/index.js'
import type { CloudFrontFunction } from '../../runtime/index.js'
import type { EdgeDistribution } from '../../sync/index.js'
import { createReplicaState, type ReplicaState } from '../../sync/index.js'
import { EdgeRouter } from '../router.js'

/**
 * What an edge serves from: the plain replica (`state`: distributions, function definitions,
 * stores) and, beside it, the LIVE functions loaded and ready to run. The viewer server only
 * reads it; the replication applier (`replica-apply.ts`) fills it. The router is rebuilt on the
 * first request after a distribution change, never per request.
 *
 * Functions read their store through `storeReader(id)`, which looks the store up in `state` on
 * every read: a change applied to the state is what running functions see, in place.
 */
export class EdgeReplica {
  /** The plain data. Only `applyChange`/`applySnapshot` and the methods below change it. */
  readonly state: ReplicaState = createReplicaState()
  readonly #functions = new Map<string, CloudFrontFunction>()
  readonly #readers = new Map<string, KeyValueStoreReader>()
  #router: EdgeRouter | undefined

  /** The host and path router over the current distributions. */
  get router(): EdgeRouter {
    if (this.#router === undefined) this.#router = new EdgeRouter(this.state.distributions.values())
    return this.#router
  }

  distribution(id: string): EdgeDistribution | undefined {
    return this.state.distributions.get(id)
  }

  distributions(): IterableIterator<EdgeDistribution> {
    return this.state.distributions.values()
  }

  /** Adds or replaces a distribution (by `Id`). */
  putDistribution(distribution: EdgeDistribution): void {
    this.state.distributions.set(distribution.Id, distribution)
    this.distributionsChanged()
  }

  deleteDistribution(id: string): boolean {
    const deleted = this.state.distributions.delete(id)
    if (deleted) this.distributionsChanged()
    return deleted
  }

  /** Call after the state's distributions changed: the next request rebuilds the router. */
  distributionsChanged(): void {
    this.#router = undefined
  }

  /** The LIVE function a `FunctionAssociation` names. */
  function(arn: string): CloudFrontFunction | undefined {
    return this.#functions.get(arn)
  }

  functionArns(): IterableIterator<string> {
    return this.#functions.keys()
  }

  /**
   * Adds or replaces the LIVE function for `arn`; the replaced one is disposed. Safe between
   * requests: a batch waiting for a disposed function runs the one its ARN names now
   * (`viewer/invocation-batch.ts`).
   */
  putFunction(arn: string, fn: CloudFrontFunction): void {
    const previous = this.#functions.get(arn)
    this.#functions.set(arn, fn)
    if (previous !== undefined && previous !== fn) previous.dispose()
  }

  /** Removes and disposes the function for `arn`. */
  deleteFunction(arn: string): boolean {
    const previous = this.#functions.get(arn)
    if (previous === undefined) return false
    this.#functions.delete(arn)
    previous.dispose()
    return true
  }

  /** The store with this Id, while the state holds it. */
  keyValueStore(id: string): KeyValueStoreReader | undefined {
    return this.state.stores.has(id) ? this.storeReader(id) : undefined
  }

  /**
   * What a function associated with store `id` reads: the store as the state holds it at each
   * read (empty while the state has no such store).
   */
  storeReader(id: string): KeyValueStoreReader {
    let reader = this.#readers.get(id)
    if (reader === undefined) {
      reader = new StateStoreReader(this.state, id)
      this.#readers.set(id, reader)
    }
    return reader
  }

  /** Disposes every function; the replica is empty afterwards. */
  dispose(): void {
    for (const fn of this.#functions.values()) fn.dispose()
    this.#functions.clear()
    this.#readers.clear()
    this.state.stores.clear()
    this.state.functions.clear()
    this.state.distributions.clear()
    this.distributionsChanged()
  }
}

/** A store of a `ReplicaState`, read by Id at every call. */
class StateStoreReader implements KeyValueStoreReader {
  readonly id: string
  readonly #state: ReplicaState
  // For a store the state does not hold (yet): when the reader was made.
  readonly #since = new Date().toISOString()

  constructor(state: ReplicaState, id: string) {
    this.#state = state
    this.id = id
  }

  get(key: string): string | undefined {
    return this.#state.stores.get(this.id)?.entries.get(key)
  }

  meta(): KeyValueStoreMeta {
    const store = this.#state.stores.get(this.id)
    return {
      creationDateTime: store?.created ?? this.#since,
      lastUpdatedDateTime: store?.lastModified ?? this.#since,
      keyCount: store?.entries.size ?? 0,
    }
  }
}
