import type { KeyValueStoreReader } from '../../kvs/index.js'
import type { CloudFrontFunction } from '../../runtime/index.js'
import type { EdgeDistribution } from '../../sync/index.js'
import { createReplicaState, type ReplicaState } from '../../sync/index.js'
import { EdgeRouter } from '../router.js'
import { StateStoreSource, type StoreSource } from './store-source.js'

/**
 * What an edge serves from: the plain replica (`state`: distributions, function definitions),
 * the LIVE functions loaded and ready to run, and the source of the stores' keys. The viewer
 * server only reads it; the replication applier (`replica-apply.ts`) fills it. The router is
 * rebuilt on the first request after a distribution change, never per request.
 *
 * Functions read their store through `storeReader(id)`, which reads the store source on every
 * call: in the edge's processes the shared replica database (`ReplicaReader`), so the stores
 * are not held in this heap; by default (a replica built by hand) the stores of `state`.
 */
export class EdgeReplica {
  /** The plain data. Only `applyChange`/`applySnapshot` and the methods below change it. */
  readonly state: ReplicaState = createReplicaState()
  readonly #functions = new Map<string, CloudFrontFunction>()
  readonly #stores: StoreSource
  #router: EdgeRouter | undefined

  constructor(options: { stores?: StoreSource } = {}) {
    this.#stores = options.stores ?? new StateStoreSource(this.state)
  }

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
   * requests: `runFunction` is synchronous, so no invocation is in flight across this call.
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

  /** The store with this Id, while the store source holds it. */
  keyValueStore(id: string): KeyValueStoreReader | undefined {
    return this.#stores.has(id) ? this.storeReader(id) : undefined
  }

  /**
   * What a function associated with store `id` reads: the store as the source holds it at each
   * read (empty while it has no such store).
   */
  storeReader(id: string): KeyValueStoreReader {
    return this.#stores.reader(id)
  }

  /** Disposes every function; the replica is empty afterwards. */
  dispose(): void {
    for (const fn of this.#functions.values()) fn.dispose()
    this.#functions.clear()
    this.state.stores.clear()
    this.state.functions.clear()
    this.state.distributions.clear()
    this.distributionsChanged()
  }
}
