import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { BehaviorTtls } from '../../sync/index.js'
import { ageSeconds, type CachedResponse, cacheKey, isFresh, MemoryCacheStore, varyMatches } from './cache.js'
import { type CacheCandidate, cacheEntryFor, ERROR_CACHING_MIN_TTL_SECONDS } from './cache-policy.js'

const TTLS: BehaviorTtls = { MinTTL: 0, DefaultTTL: 100, MaxTTL: 1000 }
const NOW = Date.UTC(2026, 0, 1)

function candidate(rawHeaders: string[], extra: Partial<CacheCandidate> = {}): CacheCandidate {
  return {
    method: 'GET',
    url: '/a',
    requestHeaders: [],
    statusCode: 200,
    statusMessage: 'OK',
    rawHeaders,
    body: new Uint8Array(10),
    ttls: TTLS,
    nowMs: NOW,
    ...extra,
  }
}

const ttlOf = (rawHeaders: string[], extra: Partial<CacheCandidate> = {}): number | undefined => {
  const entry = cacheEntryFor(candidate(rawHeaders, extra))
  return entry === undefined ? undefined : entry.ttlMs / 1000
}

test('cacheEntryFor: no freshness information → DefaultTTL, no heuristic from Last-Modified', () => {
  assert.equal(ttlOf([]), 100)
  assert.equal(ttlOf(['Last-Modified', 'Thu, 01 Jan 2015 00:00:00 GMT']), 100)
})

test('cacheEntryFor: max-age and s-maxage are clamped to MinTTL..MaxTTL', () => {
  assert.equal(ttlOf(['Cache-Control', 'max-age=60']), 60)
  assert.equal(ttlOf(['Cache-Control', 'max-age=5000']), 1000)
  assert.equal(ttlOf(['Cache-Control', 'max-age=5'], { ttls: { ...TTLS, MinTTL: 30 } }), 30)
  assert.equal(ttlOf(['Cache-Control', 'max-age=60, s-maxage=300']), 300)
})

test('cacheEntryFor: the origin Age is subtracted and counted in the entry age', () => {
  const entry = cacheEntryFor(candidate(['Cache-Control', 'max-age=60', 'Age', '20']))!
  assert.equal(entry.ttlMs, 40_000)
  assert.equal(ageSeconds(entry, NOW + 5000), 25)
  assert.ok(!entry.rawHeaders.includes('Age'), 'Age is recomputed, not stored')
})

test('cacheEntryFor: Expires gives freshness against Date', () => {
  const date = new Date(NOW).toUTCString()
  const expires = new Date(NOW + 120_000).toUTCString()
  assert.equal(ttlOf(['Date', date, 'Expires', expires]), 120)
})

test('cacheEntryFor: no-store, no-cache and private → MinTTL, so nothing when MinTTL is 0', () => {
  assert.equal(ttlOf(['Cache-Control', 'no-store']), undefined)
  assert.equal(ttlOf(['Cache-Control', 'private, max-age=60']), undefined)
  assert.equal(ttlOf(['Cache-Control', 'no-cache']), undefined)
  assert.equal(ttlOf(['Cache-Control', 'no-cache'], { ttls: { ...TTLS, MinTTL: 7 } }), 7)
})

test('cacheEntryFor: not stored: HEAD, Set-Cookie without public, Vary *, uncacheable status', () => {
  assert.equal(ttlOf([], { method: 'HEAD' }), undefined)
  assert.equal(ttlOf(['Set-Cookie', 'a=1']), undefined)
  assert.equal(ttlOf(['Set-Cookie', 'a=1', 'Cache-Control', 'public, max-age=9']), 9)
  assert.equal(ttlOf(['Vary', '*']), undefined)
  assert.equal(ttlOf([], { statusCode: 302 }), undefined)
  assert.equal(ttlOf([], { statusCode: 201 }), undefined)
})

test('cacheEntryFor: an authorized request is stored only when the response allows it', () => {
  assert.equal(ttlOf([], { requestHeaders: ['Authorization', 'Bearer x'] }), undefined)
  assert.equal(ttlOf(['Cache-Control', 's-maxage=50'], { requestHeaders: ['Authorization', 'Bearer x'] }), 50)
})

test('cacheEntryFor: error statuses are cached for the error caching minimum TTL', () => {
  assert.equal(ttlOf([], { statusCode: 404 }), ERROR_CACHING_MIN_TTL_SECONDS)
  assert.equal(ttlOf(['Cache-Control', 'max-age=3'], { statusCode: 503 }), 3)
  assert.equal(ttlOf(['Cache-Control', 'no-store'], { statusCode: 404 }), undefined)
})

test('cacheEntryFor: hop-by-hop headers are not stored; Vary records the request values', () => {
  const entry = cacheEntryFor(
    candidate(['Connection', 'keep-alive', 'Vary', 'Accept-Encoding', 'X-A', '1'], {
      requestHeaders: ['Accept-Encoding', 'gzip'],
    }),
  )!
  assert.deepEqual(entry.rawHeaders, ['Vary', 'Accept-Encoding', 'X-A', '1'])
  assert.ok(varyMatches(entry, (n) => (n === 'accept-encoding' ? 'gzip' : undefined)))
  assert.ok(!varyMatches(entry, () => 'br'))
})

test('isFresh: fresh until the TTL has passed', () => {
  const entry = cacheEntryFor(candidate(['Cache-Control', 'max-age=10']))!
  assert.ok(isFresh(entry, NOW + 9_999))
  assert.ok(!isFresh(entry, NOW + 10_000))
})

test('cacheKey: host + uri + the forwarded query', () => {
  assert.equal(cacheKey('d.test', '/a', 'x=1', false, undefined), 'd.test\n/a')
  assert.equal(cacheKey('d.test', '/a', 'x=1&y=2', true, undefined), 'd.test\n/a?x=1&y=2')
  assert.equal(cacheKey('d.test', '/a', 'x=1&y=2&x=3', true, new Set(['x'])), 'd.test\n/a?x=1&x=3')
  assert.equal(cacheKey('d.test', '/a', undefined, true, undefined), 'd.test\n/a')
  assert.notEqual(
    cacheKey('d.test', '/a', 'x=1', true, undefined),
    cacheKey('d.test', '/a', 'x=2', true, undefined),
  )
})

function entryOfSize(bytes: number): CachedResponse {
  return {
    statusCode: 200,
    statusMessage: 'OK',
    rawHeaders: [],
    body: new Uint8Array(bytes),
    storedAtMs: NOW,
    initialAgeSeconds: 0,
    ttlMs: 1000,
    vary: [],
    size: bytes,
  }
}

test('MemoryCacheStore: bounded in bytes, least recently used evicted first', async () => {
  const store = new MemoryCacheStore({ maxSizeBytes: 1000, maxEntryBytes: 600 })
  await store.set('a', entryOfSize(400))
  await store.set('b', entryOfSize(400))
  assert.ok(await store.get('a'), 'touch a: b is now the oldest')
  await store.set('c', entryOfSize(400))
  assert.equal(await store.get('b'), undefined)
  assert.ok(await store.get('a'))
  assert.ok(await store.get('c'))
  assert.ok(store.sizeBytes <= 1000)
})

test('MemoryCacheStore: an entry over maxEntryBytes is not stored', async () => {
  const store = new MemoryCacheStore({ maxSizeBytes: 1000, maxEntryBytes: 600 })
  await store.set('big', entryOfSize(700))
  assert.equal(await store.get('big'), undefined)
  assert.equal(store.size, 0)
})
