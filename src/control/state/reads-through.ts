import type { StateReader } from './state-store.js'

/** A store's own reads, outside any transaction: each one passed to `reader`. */
export function readsThrough(reader: StateReader): StateReader {
  return {
    getKeyValueStore: (ref) => reader.getKeyValueStore(ref),
    listKeyValueStores: (o) => reader.listKeyValueStores(o),
    countKeyValueStores: () => reader.countKeyValueStores(),
    getKey: (storeId, key) => reader.getKey(storeId, key),
    listKeys: (storeId, o) => reader.listKeys(storeId, o),
    listChanges: (o) => reader.listChanges(o),
    latestRevision: () => reader.latestRevision(),
    getFunction: (name) => reader.getFunction(name),
    listFunctions: (o) => reader.listFunctions(o),
    countFunctions: () => reader.countFunctions(),
    listFunctionsUsingKeyValueStore: (storeId) => reader.listFunctionsUsingKeyValueStore(storeId),
    getDistribution: (ref) => reader.getDistribution(ref),
    listDistributions: (o) => reader.listDistributions(o),
    countDistributions: () => reader.countDistributions(),
  }
}
