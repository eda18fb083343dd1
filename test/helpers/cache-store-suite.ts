import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { CachedResponse, CacheStore } from '../../src/edge/index.js'

/** The bounds a store under test is created with. */
export interface CacheStoreBounds {
  /** Total bytes the store may hold (as counted by `CachedResponse.size` plus the key). */
  maxSizeBytes: number
  /** Larger entries are declined. */
  maxEntryBytes: number
}

/** An entry whose `size` is `bytes`, with a body saying `tag` so entries can be told apart. */
export function cacheEntry(tag: string, bytes = 100): CachedResponse {
  return {
    statusCode: 200,
    statusMessage: 'OK',
    rawHeaders: ['Content-Type', 'text/plain', 'X-Tag', tag],
    body: new TextEncoder().encode(tag),
    storedAtMs: 1_700_000_000_000,
    initialAgeSeconds: 3,
    ttlMs: 60_000,
    vary: [['accept-encoding', 'gzip']],
    size: bytes,
  }
}

/**
 * The conformance suite every `CacheStore` passes (memory now; an on-disk or shared store
 * next): call it with a factory for an empty store with the given bounds.
 */
export function testCacheStore(name: string, create: (bounds: CacheStoreBounds) => CacheStore): void {
  describe(`CacheStore conformance: ${name}`, () => {
    const bounds = { maxSizeBytes: 10_000, maxEntryBytes: 2_000 }

    test('CacheStore: get gives back the entry set under the key, and nothing for others', async () => {
      const store = create(bounds)
      const entry = cacheEntry('a')
      await store.set('host\n/a', entry)
      assert.deepEqual(await store.get('host\n/a'), entry)
      assert.equal(await store.get('host\n/b'), undefined)
      assert.equal(await store.get('other\n/a'), undefined)
    })

    test('CacheStore: set replaces the entry of a key', async () => {
      const store = create(bounds)
      await store.set('k', cacheEntry('old'))
      await store.set('k', cacheEntry('new'))
      assert.deepEqual((await store.get('k'))?.rawHeaders, ['Content-Type', 'text/plain', 'X-Tag', 'new'])
      assert.equal(store.size, 1)
    })

    test('CacheStore: delete says whether there was an entry', async () => {
      const store = create(bounds)
      await store.set('k', cacheEntry('a'))
      assert.equal(await store.delete('k'), true)
      assert.equal(await store.get('k'), undefined)
      assert.equal(await store.delete('k'), false)
    })

    test('CacheStore: size and sizeBytes count what is held; clear empties', async () => {
      const store = create(bounds)
      assert.equal(store.size, 0)
      assert.equal(store.sizeBytes, 0)
      await store.set('a', cacheEntry('a', 100))
      await store.set('b', cacheEntry('b', 200))
      assert.equal(store.size, 2)
      assert.ok(store.sizeBytes >= 300, `counts each entry's size (${store.sizeBytes})`)
      await store.clear()
      assert.equal(store.size, 0)
      assert.equal(store.sizeBytes, 0)
      assert.equal(await store.get('a'), undefined)
    })

    test('CacheStore: never holds more than its size bound', async () => {
      const store = create(bounds)
      for (let i = 0; i < 30; i++) await store.set(`k${i}`, cacheEntry(String(i), 1_000))
      assert.ok(store.sizeBytes <= bounds.maxSizeBytes, `${store.sizeBytes} bytes held`)
      assert.ok(store.size < 30)
      assert.ok(await store.get('k29'), 'the latest entry is kept')
    })

    test('CacheStore: an entry over the entry bound is declined and drops the old one', async () => {
      const store = create(bounds)
      await store.set('k', cacheEntry('small'))
      await store.set('k', cacheEntry('big', bounds.maxEntryBytes + 1))
      assert.equal(await store.get('k'), undefined)
      assert.equal(store.size, 0)
    })
  })
}
