/** Builds import files for tests and benchmarks. */

/** `{"data":[…]}` with `count` entries of `keyPrefix<n>` → `valueBytes` ASCII bytes. */
export function importFile(count: number, valueBytes: number, keyPrefix = 'key-'): string {
  const value = 'v'.repeat(valueBytes)
  const data = Array.from({ length: count }, (_, i) => ({
    key: `${keyPrefix}${String(i).padStart(6, '0')}`,
    value,
  }))
  return JSON.stringify({ data })
}

/** Key plus value bytes of `importFile(count, valueBytes, keyPrefix)`. */
export function importFileContentBytes(count: number, valueBytes: number, keyPrefix = 'key-'): number {
  return count * (keyPrefix.length + 6 + valueBytes)
}

/** An import file whose keys and values take as close to `maxBytes` as entries of ~1 KB allow, not more. */
export function fullStoreFile(maxBytes = 5 * 1024 * 1024): {
  text: string
  count: number
  contentBytes: number
} {
  const perEntry = 'key-'.length + 6 + 1000
  const count = Math.floor(maxBytes / perEntry)
  return { text: importFile(count, 1000), count, contentBytes: count * perEntry }
}
