import type { MemoryKeyValueStore } from '../kvs/memory-store.js'
import type { CloudFrontFunction } from '../runtime/index.js'
import type { EdgeDistribution } from '../sync/distribution.js'
import { EdgeRouter } from './router.js'

/**
 * What an edge serves from: distributions by Id, LIVE functions by FunctionARN (loaded, ready to
 * run) and key value stores by Id. The viewer server only reads it; the replication client fills
 * it. Every change bumps `version`; the router is rebuilt on the first request after a
 * distribution change, never per request.
 *
 * Functions hold a reference to their store (`loadFunction({keyValueStore})`): apply key changes
 * to the store object in place (`put`, `delete`, `replaceAll`) so that running functions see
 * them, and reload a function when its association changes.
 */
export class EdgeReplica {
  readonly #distributions = new Map<string, EdgeDistribution>()
  readonly #functions = new Map<string, CloudFrontFunction>()
  readonly #stores = new Map<string, MemoryKeyValueStore>()
  #version = 0
  #router: EdgeRouter | undefined

  /** Increases on every change of a distribution, function or store. */
  get version(): number {
    return this.#version
  }

  /** The host and path router over the current distributions. */
  get router(): EdgeRouter {
    if (this.#router === undefined) this.#router = new EdgeRouter(this.#distributions.values())
    return this.#router
  }

  distribution(id: string): EdgeDistribution | undefined {
    return this.#distributions.get(id)
  }

  distributions(): IterableIterator<EdgeDistribution> {
    return this.#distributions.values()
  }

  /** Adds or replaces a distribution (by `Id`). */
  putDistribution(distribution: EdgeDistribution): void {
    this.#distributions.set(distribution.Id, distribution)
    this.#distributionsChanged()
  }

  deleteDistribution(id: string): boolean {
    const deleted = this.#distributions.delete(id)
    if (deleted) this.#distributionsChanged()
    return deleted
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
    this.#version++
  }

  /** Removes and disposes the function for `arn`. */
  deleteFunction(arn: string): boolean {
    const previous = this.#functions.get(arn)
    if (previous === undefined) return false
    this.#functions.delete(arn)
    previous.dispose()
    this.#version++
    return true
  }

  keyValueStoreIds(): IterableIterator<string> {
    return this.#stores.keys()
  }

  keyValueStore(id: string): MemoryKeyValueStore | undefined {
    return this.#stores.get(id)
  }

  /** Adds or replaces the store with `store.id`. Functions loaded on a replaced object keep it. */
  putKeyValueStore(store: MemoryKeyValueStore): void {
    this.#stores.set(store.id, store)
    this.#version++
  }

  deleteKeyValueStore(id: string): boolean {
    const deleted = this.#stores.delete(id)
    if (deleted) this.#version++
    return deleted
  }

  /** Call after changing keys of a held store in place, so that `version` tells readers. */
  keyValueStoreChanged(): void {
    this.#version++
  }

  /** Disposes every function; the replica is empty afterwards. */
  dispose(): void {
    for (const fn of this.#functions.values()) fn.dispose()
    this.#functions.clear()
    this.#stores.clear()
    this.#distributions.clear()
    this.#distributionsChanged()
  }

  #distributionsChanged(): void {
    this.#router = undefined
    this.#version++
  }
}
