import { utf8ByteLength } from '../shared/utf8.js'
import { KvsError } from './errors.js'
import { DEFAULT_KVS_LIMITS, type KvsLimits } from './limits.js'

/** Throws `KeyEmpty` or `KeyTooLong` unless `key` is 1..maxKeyBytes UTF-8 bytes. */
export function validateKey(key: string, limits: KvsLimits = DEFAULT_KVS_LIMITS): void {
  if (key.length === 0) throw new KvsError('KeyEmpty', 'Key must not be empty.')
  const bytes = utf8ByteLength(key)
  if (bytes > limits.maxKeyBytes) {
    throw new KvsError('KeyTooLong', `Key is ${bytes} bytes; the limit is ${limits.maxKeyBytes} bytes.`)
  }
}

/** Throws `ValueTooLarge` unless `value` is at most maxValueBytes UTF-8 bytes. */
export function validateValue(value: string, limits: KvsLimits = DEFAULT_KVS_LIMITS): void {
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
