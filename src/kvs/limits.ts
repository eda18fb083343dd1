/**
 * CloudFront's KeyValueStore limits ('Quotas on key value stores'). These are the defaults; an operator
 * may raise them through `KvsLimits`, the defaults stay compatible.
 */
export const MAX_KEY_BYTES = 512
export const MAX_VALUE_BYTES = 1024
/** 5 MB, read as 5 MiB of UTF-8 key and value bytes (docs/compatibility.md). */
export const MAX_STORE_BYTES = 5 * 1024 * 1024
/** UpdateKeys: "50 keys or 3 MB payload, whichever is reached first". */
export const MAX_UPDATE_KEYS_ENTRIES = 50
export const MAX_UPDATE_KEYS_PAYLOAD_BYTES = 3 * 1024 * 1024
export const MAX_LIST_KEYS_RESULTS = 50
export const DEFAULT_LIST_KEYS_RESULTS = 10

export interface KvsLimits {
  readonly maxKeyBytes: number
  readonly maxValueBytes: number
  readonly maxStoreBytes: number
  readonly maxUpdateKeysEntries: number
}

export const DEFAULT_KVS_LIMITS: KvsLimits = Object.freeze({
  maxKeyBytes: MAX_KEY_BYTES,
  maxValueBytes: MAX_VALUE_BYTES,
  maxStoreBytes: MAX_STORE_BYTES,
  maxUpdateKeysEntries: MAX_UPDATE_KEYS_ENTRIES,
})
