import { LRUCache } from 'lru-cache'

/** One response in the edge cache. Immutable once stored. */
export interface CachedResponse {
  readonly statusCode: number
  readonly statusMessage: string
  /** The origin's headers, flat `[name, value, ...]`, hop-by-hop headers and `Age` removed. */
  readonly rawHeaders: readonly string[]
  readonly body: Uint8Array
  /** When the edge stored it (ms since the epoch, the edge's clock). */
  readonly storedAtMs: number
  /** The response's age when stored, in seconds: the origin's `Age` plus transit (RFC 9111 4.2.3). */
  readonly initialAgeSeconds: number
  /** Fresh while `now - storedAtMs < ttlMs`: the origin's freshness clamped by the behavior's TTLs. */
  readonly ttlMs: number
  /** The request headers named by the response's `Vary`, lowercase, as `[name, value]`. */
  readonly vary: readonly (readonly [string, string])[]
  /** Bytes this entry counts against the cache size: body, headers and key. */
  readonly size: number
}

/**
 * Where the edge keeps responses: memory today; a shared or on-disk store can implement the same
 * interface (hence promises). Freshness is the caller's business (`isFresh`); a store only bounds
 * its size, and may decline to store an entry (too large for it).
 */
export interface CacheStore {
  get(key: string): Promise<CachedResponse | undefined>
  /** Stores or replaces; an entry the store declines also removes the old one for `key`. */
  set(key: string, entry: CachedResponse): Promise<void>
  /** Whether there was an entry. */
  delete(key: string): Promise<boolean>
  clear(): Promise<void>
  /** Entries held. */
  readonly size: number
  /** Bytes held, as counted by `CachedResponse.size`. */
  readonly sizeBytes: number
}

export interface MemoryCacheStoreOptions {
  /** Total bytes (body + headers + key) the cache may hold; default 256 MiB. */
  maxSizeBytes?: number
  /** Larger entries are not stored; default a quarter of `maxSizeBytes`. */
  maxEntryBytes?: number
}

export const DEFAULT_CACHE_SIZE_BYTES = 256 * 1024 * 1024

const DONE: Promise<void> = Promise.resolve()

/** An LRU cache bounded in bytes (lru-cache's `maxSize` with a size per entry). */
export class MemoryCacheStore implements CacheStore {
  readonly #lru: LRUCache<string, CachedResponse>

  constructor(options: MemoryCacheStoreOptions = {}) {
    const maxSize = options.maxSizeBytes ?? DEFAULT_CACHE_SIZE_BYTES
    this.#lru = new LRUCache<string, CachedResponse>({
      maxSize,
      maxEntrySize: options.maxEntryBytes ?? Math.max(1, Math.floor(maxSize / 4)),
      sizeCalculation: (entry, key) => entry.size + key.length,
    })
  }

  get(key: string): Promise<CachedResponse | undefined> {
    return Promise.resolve(this.#lru.get(key))
  }

  set(key: string, entry: CachedResponse): Promise<void> {
    // lru-cache refuses (and drops any old value for the key) when the entry is over maxEntrySize.
    this.#lru.set(key, entry)
    return DONE
  }

  delete(key: string): Promise<boolean> {
    return Promise.resolve(this.#lru.delete(key))
  }

  clear(): Promise<void> {
    this.#lru.clear()
    return DONE
  }

  get size(): number {
    return this.#lru.size
  }

  get sizeBytes(): number {
    return this.#lru.calculatedSize
  }
}

/** Fresh at `nowMs`: served as a Hit without asking the origin. */
export function isFresh(entry: CachedResponse, nowMs: number): boolean {
  return nowMs - entry.storedAtMs < entry.ttlMs
}

/** The `Age` to send with a hit, in whole seconds (RFC 9111 5.1). */
export function ageSeconds(entry: CachedResponse, nowMs: number): number {
  return Math.floor(entry.initialAgeSeconds + Math.max(0, nowMs - entry.storedAtMs) / 1000)
}

/** True when the viewer's request carries the same values for every header the entry varies on. */
export function varyMatches(
  entry: CachedResponse,
  requestHeader: (name: string) => string | undefined,
): boolean {
  const vary = entry.vary
  for (let i = 0; i < vary.length; i++) {
    const [name, value] = vary[i]!
    if ((requestHeader(name) ?? '') !== value) return false
  }
  return true
}

/**
 * The cache key: the distribution's host, the uri the origin gets (after the function), and the
 * query as forwarded (`ForwardedValues.QueryString` false: none; `QueryStringCacheKeys`: only those
 * names, in request order). Aliases of one distribution share entries, as when Host is not
 * forwarded in CloudFront.
 */
export function cacheKey(
  host: string,
  uri: string,
  query: string | undefined,
  forwardQueryString: boolean,
  queryStringCacheKeys: ReadonlySet<string> | undefined,
): string {
  if (!forwardQueryString || query === undefined || query === '') return `${host}\n${uri}`
  if (queryStringCacheKeys === undefined) return `${host}\n${uri}?${query}`
  let kept = ''
  for (const part of query.split('&')) {
    const eq = part.indexOf('=')
    const name = eq === -1 ? part : part.slice(0, eq)
    if (queryStringCacheKeys.has(name)) kept = kept.length === 0 ? part : `${kept}&${part}`
  }
  return kept.length === 0 ? `${host}\n${uri}` : `${host}\n${uri}?${kept}`
}
