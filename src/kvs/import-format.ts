import { decodeUtf8Strict, utf8ByteLength } from '../shared/index.js'
import { KvsError } from './errors.js'
import { DEFAULT_KVS_LIMITS, type KvsLimits } from './limits.js'
import { validateWellFormed } from './validate.js'

/** One key and its value, as the import and export file spell them. */
export interface KeyValueEntry {
  readonly key: string
  readonly value: string
}

/** The limits an import file is checked against. */
export type ImportLimits = Pick<KvsLimits, 'maxKeyBytes' | 'maxValueBytes' | 'maxStoreBytes'>

function invalid(reason: string, cause?: unknown): KvsError {
  return new KvsError('InvalidImportFile', reason, cause === undefined ? undefined : { cause })
}

/** The shared check (src/kvs/validate.ts), reported as an import file error. */
function wellFormed(text: string, where: string): void {
  try {
    validateWellFormed(text, where)
  } catch (error) {
    throw invalid((error as Error).message, error)
  }
}

function decode(bytes: Uint8Array): string {
  try {
    const text = decodeUtf8Strict(bytes)
    // A UTF-8 byte order mark is not content; editors on some systems add one.
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  } catch (error) {
    throw invalid('The import file is not valid UTF-8.', error)
  }
}

/**
 * Parses a KeyValueStore import file `{"data":[{"key":"…","value":"…"}]}`.
 * Checks, in order: strict UTF-8, JSON syntax, shape, empty and duplicate keys, key and value
 * sizes, then the store size (UTF-8 bytes of every key plus value). Any failure throws a
 * `KvsError('InvalidImportFile')` whose message is the precise reason, fit for `FailureReason`:
 * it names positions, never the file's content.
 * Members other than `key` and `value` are ignored.
 */
export function parseImportFile(
  bytes: Uint8Array,
  limits: ImportLimits = DEFAULT_KVS_LIMITS,
): KeyValueEntry[] {
  const text = decode(bytes)
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    // V8's message quotes the text it stopped at: keep only the position, never the content.
    const at = /position (\d+)/.exec((error as Error).message)?.[1]
    throw invalid(
      `The import file is not valid JSON${at === undefined ? '' : ` (at character ${at})`}.`,
      error,
    )
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw invalid('The import file must be a JSON object with a "data" array.')
  }
  const data = (document as { data?: unknown }).data
  if (!Array.isArray(data)) throw invalid('The import file must be a JSON object with a "data" array.')

  const entries: KeyValueEntry[] = []
  const seen = new Map<string, number>()
  let storeBytes = 0
  for (let index = 0; index < data.length; index++) {
    const item: unknown = data[index]
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw invalid(`data[${index}] must be an object with string members "key" and "value".`)
    }
    const { key, value } = item as { key?: unknown; value?: unknown }
    if (typeof key !== 'string') throw invalid(`data[${index}].key must be a string.`)
    if (typeof value !== 'string') throw invalid(`data[${index}].value must be a string.`)
    if (key.length === 0) throw invalid(`data[${index}].key is empty; keys must not be empty.`)
    wellFormed(key, `data[${index}].key`)
    wellFormed(value, `data[${index}].value`)
    const first = seen.get(key)
    if (first !== undefined) {
      throw invalid(`Duplicate key at data[${index}] (first at data[${first}]).`)
    }
    seen.set(key, index)
    const keyBytes = utf8ByteLength(key)
    if (keyBytes > limits.maxKeyBytes) {
      throw invalid(`data[${index}].key is ${keyBytes} bytes; the limit is ${limits.maxKeyBytes} bytes.`)
    }
    const valueBytes = utf8ByteLength(value)
    if (valueBytes > limits.maxValueBytes) {
      throw invalid(
        `data[${index}].value is ${valueBytes} bytes; the limit is ${limits.maxValueBytes} bytes.`,
      )
    }
    storeBytes += keyBytes + valueBytes
    entries.push({ key, value })
  }
  if (storeBytes > limits.maxStoreBytes) {
    // The first sentence is CloudFront's own FailureReason (from AWS's API model example).
    throw invalid(
      `Datasource size exceeds the allowed limit: the keys and values take ${storeBytes} bytes; ` +
        `the limit is ${limits.maxStoreBytes} bytes.`,
    )
  }
  return entries
}

/** Formats entries as an import file, so an export imports again unchanged. */
export function formatExportFile(entries: Iterable<KeyValueEntry>): string {
  const data: KeyValueEntry[] = []
  for (const { key, value } of entries) data.push({ key, value })
  return JSON.stringify({ data })
}
