import { MemoryCacheStore } from '../../src/edge/cache/cache.js'
import { testCacheStore } from '../helpers/cache-store-suite.js'

testCacheStore('MemoryCacheStore', (bounds) => new MemoryCacheStore(bounds))
