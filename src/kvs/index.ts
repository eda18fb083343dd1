/**
 * Key value stores as the rest of Verge sees them: the limits, key and value validation, the
 * import/export file format and the in-memory store functions read.
 */

export { KvsError } from './errors.js'
export { formatExportFile, parseImportFile } from './import-format.js'
export {
  DEFAULT_KVS_LIMITS,
  DEFAULT_LIST_KEYS_RESULTS,
  type KvsLimits,
  MAX_LIST_KEYS_RESULTS,
  MAX_UPDATE_KEYS_PAYLOAD_BYTES,
} from './limits.js'
export { type KeyValueStoreMeta, type KeyValueStoreReader, MemoryKeyValueStore } from './memory-store.js'
export { entryBytes, validateKey, validateValue } from './validate.js'
