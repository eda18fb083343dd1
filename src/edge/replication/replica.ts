import type { KeyValueStoreMeta, KeyValueStoreReader } from '../../kvs/index.js'
import type { CloudFrontFunction, EdgeLocation } from '../../runtime/index.js'
import type { EdgeDistribution } from '../../sync/index.js'
import { createReplicaState, type ReplicaState } from '../../sync/index.js'
import { edgeFunctionLoader } from '../functions/function-loader.js'
import { FunctionPool } from '../functions/function-pool.js'
import { EdgeRouter } from '../router.js'
import { DistributionCertificates } from '../tls/distribution-certificates.js'
import { StateStoreSource, type StoreSource } from './store-source.js'

export interface EdgeReplicaOptions {
  /** The memory budget of the loaded functions (`FunctionPool`); default 64 MiB. */
  functionMemoryBytes?: number
  /** `cf.edgeLocation` in the functions. */
  edgeLocation?: EdgeLocation
  /**
   * Where functions read the stores' keys: the shared replica database in the edge's processes
   * (`ReplicaReader`); default the stores of `state` (a replica built by hand).
   */
  stores?: StoreSource
}

/**
 * What an edge serves from: the plain replica (`state`: distributions, function definitions),
 * the LIVE functions, each loaded on its first request and kept warm within a memory budget
 * (`functions`, a `FunctionPool`), and the source of the stores' keys. The viewer server only
 * reads it; the replication applier (`replica-apply.ts`) fills it. The router is rebuilt on the
 * first request after a distribution change, never per request.
 *
 * Functions read their store through `storeReader(id)`, which reads the store source on every
 * call: in the edge's processes the shared replica database (`ReplicaReader`), so the stores
 * are not held in this heap; by default (a replica built by hand) the stores of `state`.
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
  readonly #stores: StoreSource
  /** The readers handed to functions, by store Id: each tells `onStoreRead`, then reads the source. */
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

  /** The store with this Id, while the store source holds it. */
  keyValueStore(id: string): KeyValueStoreReader | undefined {
    return this.#stores.has(id) ? this.storeReader(id) : undefined
  }

  /**
   * What a function associated with store `id` reads: the store as the source holds it at each
   * read (empty while it has no such store).
   */
  storeReader(id: string): KeyValueStoreReader {
    let reader = this.#readers.get(id)
    if (reader === undefined) {
      reader = new CountedStoreReader(this.#stores.reader(id), this)
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

/** A store reader that tells its owner of every key read (the edge's KVS read metrics). */
class CountedStoreReader implements KeyValueStoreReader {
  readonly id: string
  readonly #inner: KeyValueStoreReader
  readonly #owner: { readonly onStoreRead: ((storeId: string) => void) | undefined }

  constructor(
    inner: KeyValueStoreReader,
    owner: { readonly onStoreRead: ((storeId: string) => void) | undefined },
  ) {
    this.#inner = inner
    this.id = inner.id
    this.#owner = owner
  }

  get(key: string): string | undefined {
    this.#owner.onStoreRead?.(this.id)
    return this.#inner.get(key)
  }

  meta(): KeyValueStoreMeta {
    return this.#inner.meta()
  }
}
