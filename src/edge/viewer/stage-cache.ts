import { ageSeconds, type CachedResponse, cacheKey, isFresh, varyMatches } from '../cache/cache.js'
import { cacheEntryFor } from '../cache/cache-policy.js'
import { refreshedEntry, revalidationHeaders } from '../cache/cache-revalidate.js'
import type { OriginResponse } from '../origin/origin-client.js'
import type { EdgeContext } from './context.js'
import { joinedHeader, type RawHeaders } from './headers.js'
import type { Pass } from './pass.js'
import type { CacheResult } from './reply.js'
import type { Forward } from './stage-request-function.js'

/** A response on its way to the viewer-response function: from the cache or the origin. */
export interface Served {
  readonly kind: 'served'
  readonly source: Pick<CachedResponse, 'statusCode' | 'statusMessage' | 'rawHeaders' | 'body'>
  readonly cache: CacheResult
  readonly age: number | undefined
}

/** A miss (or a stale entry to revalidate): what the origin request needs from the cache. */
export interface Lookup {
  readonly kind: 'lookup'
  /** Undefined when the request is not cacheable: nothing is looked up or stored. */
  readonly key: string | undefined
  /** A stale entry with a validator, asked about with `originHeaders`' conditions. */
  readonly stale: CachedResponse | undefined
  /** The forwarded headers, plus the revalidation conditions if any. */
  readonly originHeaders: RawHeaders
}

/**
 * Stage 3: the cache. A fresh entry whose `Vary` headers match is a Hit; a stale one with a
 * validator is revalidated (RFC 9111 4.3) by the origin stage; anything else is a miss.
 */
export async function lookUpCache(ctx: EdgeContext, pass: Pass, forward: Forward): Promise<Served | Lookup> {
  const cache = ctx.cache
  const method = pass.request.method
  const behavior = pass.behavior
  const miss: Lookup = { kind: 'lookup', key: undefined, stale: undefined, originHeaders: forward.headers }
  if (cache === undefined || (method !== 'GET' && method !== 'HEAD') || !behavior.cachedMethods.has(method))
    return miss
  const key = cacheKey(
    pass.routed.distribution.DomainName,
    forward.uri,
    forward.query,
    behavior.forwardQueryString,
    behavior.queryStringCacheKeys,
  )
  const entry = await cache.get(key)
  if (entry === undefined || !varyMatches(entry, (name) => joinedHeader(forward.headers, name)))
    return { ...miss, key }
  const now = ctx.now()
  if (isFresh(entry, now)) return { kind: 'served', source: entry, cache: 'Hit', age: ageSeconds(entry, now) }
  const conditions = revalidationHeaders(entry, forward.headers)
  if (conditions.length === 0) return { ...miss, key }
  return { kind: 'lookup', key, stale: entry, originHeaders: forward.headers.concat(conditions) }
}

/**
 * Stage 4b: the origin's answer into the cache. A 304 to a revalidation refreshes the stale
 * entry (RefreshHit, its stored body); a cacheable response is stored (Miss).
 */
export async function storeInCache(
  ctx: EdgeContext,
  pass: Pass,
  forward: Forward,
  lookup: Lookup,
  response: OriginResponse,
): Promise<Served> {
  const cache = ctx.cache
  const key = lookup.key
  const missed: Served = { kind: 'served', source: response, cache: 'Miss', age: undefined }
  if (cache === undefined || key === undefined) return missed
  const base = {
    method: 'GET',
    url: forward.originPath,
    requestHeaders: forward.headers,
    ttls: pass.behavior.ttls,
    nowMs: ctx.now(),
  }
  const stale = lookup.stale
  if (stale !== undefined && response.statusCode === 304) {
    const refreshed = refreshedEntry(stale, response.rawHeaders, base)
    if (refreshed === undefined) await cache.delete(key)
    else await cache.set(key, refreshed)
    const entry = refreshed ?? stale
    return { kind: 'served', source: entry, cache: 'RefreshHit', age: ageSeconds(entry, base.nowMs) }
  }
  const entry = cacheEntryFor({ ...base, method: pass.request.method, ...response })
  if (entry !== undefined) await cache.set(key, entry)
  return missed
}
