import { MemoryCacheStore } from '../../src/edge/index.js'
import { testCacheStore } from '../helpers/cache-store-suite.js'

testCacheStore('MemoryCacheStore', (bounds) => new MemoryCacheStore(bounds))
