import CachePolicy from 'http-cache-semantics'
import type { BehaviorTtls } from '../../sync/index.js'
import { headerRecord, type RawHeaders } from '../viewer/headers.js'
import type { CachedResponse } from './cache.js'

/** Statuses CloudFront caches with the behavior's TTLs. */
const CACHEABLE_STATUSES = new Set([200, 203, 300, 301, 410])

/** Error statuses CloudFront caches for the error caching minimum TTL (10 s by default). */
const ERROR_STATUSES = new Set([400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504])
export const ERROR_CACHING_MIN_TTL_SECONDS = 10

// RFC 9110 7.6.1 hop-by-hop fields: never stored. Age is recomputed on every hit.
const NOT_STORED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'age',
])

/** What the edge knows after a cacheable origin response. */
export interface CacheCandidate {
  method: string
  /** The path sent to the origin (for the policy's records). */
  url: string
  /** The forwarded request's headers. */
  requestHeaders: RawHeaders
  statusCode: number
  statusMessage: string
  rawHeaders: readonly string[]
  body: Uint8Array
  ttls: BehaviorTtls
  nowMs: number
}

type Headers = Record<string, string | string[]>

function headerObject(raw: readonly string[]): Headers {
  const headers: Headers = {}
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase()
    const value = raw[i + 1]!
    const prev = headers[name]
    if (prev === undefined) headers[name] = name === 'set-cookie' ? [value] : value
    else if (Array.isArray(prev)) prev.push(value)
    else headers[name] = `${prev}, ${value}`
  }
  return headers
}

const DIRECTIVES = {
  's-maxage': /(?:^|[\s,])s-maxage\s*=\s*"?(\d+)/,
  'max-age': /(?:^|[\s,])max-age\s*=\s*"?(\d+)/,
} as const

function directive(cc: string, name: keyof typeof DIRECTIVES): number | undefined {
  const match = DIRECTIVES[name].exec(cc)
  return match === null ? undefined : Number(match[1])
}

const clamp = (value: number, min: number, max: number): number => Math.min(Math.max(value, min), max)

/**
 * The seconds CloudFront would keep a response (legacy cache settings), or 0 for "don't cache":
 * - an error status: the origin's own max-age/Expires if any, else 10 s;
 * - `no-store`, `no-cache` or `private`: `MinTTL` (0 means not cached);
 * - `s-maxage`, `max-age` or `Expires`: that freshness (RFC 9111, through http-cache-semantics,
 *   less the response's age) clamped to `[MinTTL, MaxTTL]`;
 * - no freshness information: `DefaultTTL` (no heuristic freshness).
 * A response with `Set-Cookie` and no `public`, with `Vary: *`, or to an authorized request
 * without `public`/`s-maxage` is not cached, whatever the TTLs.
 */
export function cacheTtlSeconds(
  policy: CachePolicy,
  statusCode: number,
  headers: Headers,
  ttls: BehaviorTtls,
): number {
  const cc = typeof headers['cache-control'] === 'string' ? headers['cache-control'].toLowerCase() : ''
  const explicit = /(?:^|[\s,])(?:s-maxage|max-age)\s*=/.test(cc) || headers.expires !== undefined
  // Whole seconds, as HTTP counts age; the library adds the milliseconds since it was built.
  const age = () => Math.floor(policy.age())
  const originSeconds = () => Math.max(0, policy.maxAge() - age())
  if (headers.vary === '*') return 0
  if (headers['set-cookie'] !== undefined && !/(?:^|[\s,])public(?:$|[\s,])/.test(cc)) return 0
  if (ERROR_STATUSES.has(statusCode)) {
    if (/(?:^|[\s,])(?:no-store|private)(?:$|[\s,=])/.test(cc)) return 0
    // http-cache-semantics does not understand 5xx statuses; read the two directives here.
    const seconds = directive(cc, 's-maxage') ?? directive(cc, 'max-age')
    if (seconds === undefined) return explicit ? originSeconds() : ERROR_CACHING_MIN_TTL_SECONDS
    return Math.max(0, seconds - age())
  }
  if (!CACHEABLE_STATUSES.has(statusCode)) return 0
  if (/(?:^|[\s,])(?:no-store|no-cache|private)(?:$|[\s,=])/.test(cc)) return ttls.MinTTL
  // Authorization, unknown statuses and the like: the RFC's storability rules decide.
  if (!policy.storable()) return 0
  if (!explicit) return clamp(ttls.DefaultTTL, ttls.MinTTL, ttls.MaxTTL)
  return clamp(originSeconds(), ttls.MinTTL, ttls.MaxTTL)
}

/**
 * The cache entry for an origin response, or undefined when it must not be stored (method not
 * GET, TTL 0, ...). `nowMs` is the edge clock, so tests can move time without sleeping.
 */
export function cacheEntryFor(candidate: CacheCandidate): CachedResponse | undefined {
  // HEAD responses have no body: storing one would answer a later GET with nothing.
  if (candidate.method !== 'GET') return undefined
  const headers = headerObject(candidate.rawHeaders)
  const requestHeaders = headerRecord(candidate.requestHeaders)
  const policy = new CachePolicy(
    { method: candidate.method, url: candidate.url, headers: requestHeaders },
    { status: candidate.statusCode, headers },
    { shared: true, cacheHeuristic: 0, immutableMinTimeToLive: 0 },
  )
  const ttlSeconds = cacheTtlSeconds(policy, candidate.statusCode, headers, candidate.ttls)
  if (!(ttlSeconds > 0)) return undefined

  const rawHeaders: string[] = []
  let size = candidate.body.byteLength + 64
  const raw = candidate.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (NOT_STORED.has(raw[i]!.toLowerCase())) continue
    rawHeaders.push(raw[i]!, raw[i + 1]!)
    size += raw[i]!.length + raw[i + 1]!.length + 4
  }
  const vary: [string, string][] = []
  const varyHeader = headers.vary
  if (typeof varyHeader === 'string') {
    for (const part of varyHeader.split(',')) {
      const name = part.trim().toLowerCase()
      if (name.length > 0) vary.push([name, requestHeaders[name] ?? ''])
    }
  }
  return {
    statusCode: candidate.statusCode,
    statusMessage: candidate.statusMessage,
    rawHeaders,
    body: candidate.body,
    storedAtMs: candidate.nowMs,
    initialAgeSeconds: Math.floor(policy.age()),
    ttlMs: ttlSeconds * 1000,
    vary,
    size,
  }
}
