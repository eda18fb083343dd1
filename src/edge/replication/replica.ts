import type { KeyValueStoreMeta, KeyValueStoreReader } from '../../kvs/index.js'
import type { CloudFrontFunction, EdgeLocation } from '../../runtime/index.js'
import type { EdgeDistribution } from '../../sync/index.js'
import { createReplicaState, type ReplicaState } from '../../sync/index.js'
import { edgeFunctionLoader } from '../functions/function-loader.js'
import { FunctionPool } from '../functions/function-pool.js'
import { EdgeRouter } from '../router.js'
import { DistributionCertificates } from '../tls/distribution-certificates.js'

export interface EdgeReplicaOptions {
  /** The memory budget of the loaded functions (`FunctionPool`); default 64 MiB. */
  functionMemoryBytes?: number
  /** `cf.edgeLocation` in the functions. */
  edgeLocation?: EdgeLocation
}

/**
 * What an edge serves from: the plain replica (`state`: distributions, function definitions,
 * stores) and, beside it, the LIVE functions, each loaded on its first request and kept warm
 * within a memory budget (`functions`, a `FunctionPool`). The viewer server only reads it; the
 * replication applier (`replica-apply.ts`) fills it. The router is rebuilt on the first request
 * after a distribution change, never per request.
 *
 * Functions read their store through `storeReader(id)`, which looks the store up in `state` on
 * every read: a change applied to the state is what running functions see, in place.
 */
export class EdgeReplica {
  /** The plain data. Only `applyChange`/`applySnapshot` and the methods below change it. */
  readonly state: ReplicaState = createReplicaState()
  /** The LIVE functions by ARN, loaded on demand. */
  readonly functions: FunctionPool
  /** The distributions' own certificates, for the HTTPS server's SNI callback. */
  readonly certificates = new DistributionCertificates({
    route: (servername) => this.router.resolveHost(servername),
    certificate: (arn) => this.state.certificates.get(arn),
  })
  readonly #readers = new Map<string, KeyValueStoreReader>()
  #router: EdgeRouter | undefined
  /** Told of every key a function reads, with the store's Id (the edge's metrics). */
  onStoreRead: ((storeId: string) => void) | undefined

  constructor(options: EdgeReplicaOptions = {}) {
    this.functions = new FunctionPool({
      load: edgeFunctionLoader((id) => this.storeReader(id), options.edgeLocation),
      ...(options.functionMemoryBytes === undefined
        ? {}
        : { memoryBudgetBytes: options.functionMemoryBytes }),
    })
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

  /** The LIVE function a `FunctionAssociation` names, loaded now if it is not warm. */
  function(arn: string): CloudFrontFunction | undefined {
    return this.functions.get(arn)
  }

  /**
   * Adds or replaces the LIVE function for `arn`; the replaced one is disposed. Safe between
   * requests: a batch waiting for a disposed function runs the one its ARN names now
   * (`viewer/invocation-batch.ts`).
   */
  putFunction(arn: string, fn: CloudFrontFunction): void {
    this.functions.put(arn, fn)
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
      reader = new StateStoreReader(this.state, id, this)
      this.#readers.set(id, reader)
    }
    return reader
  }

  /** Disposes every function; the replica is empty afterwards. */
  dispose(): void {
    this.functions.dispose()
    this.#readers.clear()
    this.state.stores.clear()
    this.state.functions.clear()
    this.state.distributions.clear()
    this.state.certificates.clear()
    this.certificates.reset()
    this.distributionsChanged()
  }
}

/** A store of a `ReplicaState`, read by Id at every call. */
class StateStoreReader implements KeyValueStoreReader {
  readonly id: string
  readonly #state: ReplicaState
  readonly #owner: { readonly onStoreRead: ((storeId: string) => void) | undefined }
  // For a store the state does not hold (yet): when the reader was made.
  readonly #since = new Date().toISOString()

  constructor(
    state: ReplicaState,
    id: string,
    owner: { readonly onStoreRead: ((storeId: string) => void) | undefined },
  ) {
    this.#state = state
    this.id = id
    this.#owner = owner
  }

  get(key: string): string | undefined {
    this.#owner.onStoreRead?.(this.id)
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
