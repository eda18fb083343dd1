import { isWellFormedUnicode, utf8ByteLength } from '../shared/index.js'
import { KvsError } from './errors.js'
import { DEFAULT_KVS_LIMITS, type KvsLimits } from './limits.js'

/**
 * Throws `MalformedUnicode` when `text` has a lone surrogate. Keys and values are stored and
 * replicated as UTF-8, where a lone surrogate has no form: `"s\ud800"` and `"s\udfff"` would
 * both become `s` + U+FFFD, one stored key for two written ones.
 */
export function validateWellFormed(text: string, what: string): void {
  if (!isWellFormedUnicode(text)) {
    throw new KvsError('MalformedUnicode', `${what} must be well-formed Unicode: it has a lone surrogate.`)
  }
}

/** Throws `KeyEmpty`, `MalformedUnicode` or `KeyTooLong` unless `key` is 1..maxKeyBytes of well-formed UTF-8. */
export function validateKey(key: string, limits: KvsLimits = DEFAULT_KVS_LIMITS): void {
  if (key.length === 0) throw new KvsError('KeyEmpty', 'Key must not be empty.')
  validateWellFormed(key, 'Key')
  const bytes = utf8ByteLength(key)
  if (bytes > limits.maxKeyBytes) {
    throw new KvsError('KeyTooLong', `Key is ${bytes} bytes; the limit is ${limits.maxKeyBytes} bytes.`)
  }
}

/** Throws `MalformedUnicode` or `ValueTooLarge` unless `value` is at most maxValueBytes of well-formed UTF-8. */
export function validateValue(value: string, limits: KvsLimits = DEFAULT_KVS_LIMITS): void {
  validateWellFormed(value, 'Value')
  const bytes = utf8ByteLength(value)
  if (bytes > limits.maxValueBytes) {
    throw new KvsError(
      'ValueTooLarge',
      `Value is ${bytes} bytes; the limit is ${limits.maxValueBytes} bytes.`,
    )
  }
}

/** The bytes one entry adds to a store: UTF-8 key plus UTF-8 value (docs/compatibility.md). */
export function entryBytes(key: string, value: string): number {
  return utf8ByteLength(key) + utf8ByteLength(value)
}
