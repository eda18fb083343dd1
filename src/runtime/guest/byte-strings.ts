// Guest code: injected into the isolate with Function.prototype.toString(); self-contained.
import type { GuestEncoding } from './encoding.js'

/**
 * cloudfront-js-1.0's nonstandard byte-string methods (AWS's "JavaScript runtime 1.0 features",
 * String), with the behaviour njs documents for them (njs reference, "Byte strings"):
 *
 * - `String.bytesFrom(array | string, encoding)`: a byte string from octets, or from a `hex`,
 *   `base64` or `base64url` string (`utf8` too, as Buffer names it);
 * - `s.fromBytes(start[, end])`, `s.fromUTF8(start[, end])`: a byte string back to text (one code
 *   point per byte; UTF-8, or `null` if it is not valid UTF-8);
 * - `s.toBytes(start[, end])`, `s.toUTF8(start[, end])`: text to a byte string (`null` if a
 *   character is above U+00FF; UTF-8);
 * - `s.toString(encoding)`: `hex`, `base64` or `base64url` of the string's bytes.
 *
 * V8 has one string type, so a byte string is a string whose every code unit is at most 0xFF;
 * a string with a code unit above that is text, and its bytes are its UTF-8. Each method also
 * exists on `String` taking the string first (`String.toUTF8(s)`), and `bytesFrom` also on
 * `String.prototype` (AWS lists it there). Installed before the realm is frozen.
 */
export function installByteStrings(StringCtor: StringConstructor, enc: GuestEncoding): void {
  const proto = StringCtor.prototype as any
  const thisString = proto.toString as (this: unknown) => string
  // What a prototype method works on: its receiver as a string, as String.prototype methods do.
  const receiver = (self: unknown): string => {
    if (self === null || self === undefined)
      throw new TypeError('String.prototype method called on null or undefined')
    return typeof self === 'string' ? self : String(self)
  }
  const slice = proto.slice as (this: string, start?: number, end?: number) => string
  const charCode = proto.charCodeAt as (this: string, index: number) => number
  const isArray = Array.isArray

  const isByteString = (s: string): boolean => {
    for (let i = 0; i < s.length; i++) if (charCode.call(s, i) > 0xff) return false
    return true
  }
  const bytesOf = (s: string): Uint8Array => (isByteString(s) ? enc.latin1Encode(s) : enc.utf8Encode(s))
  // `start[, end]` as String.prototype.slice reads them.
  const part = (s: string, start: unknown, end: unknown): string =>
    slice.call(s, start as number, end === undefined ? undefined : (end as number))
  const unknownEncoding = (encoding: unknown, known: string): TypeError =>
    new TypeError(`Unknown encoding: "${String(encoding)}" (expected ${known})`)

  function bytesFrom(value: unknown, encoding?: unknown): string {
    if (typeof value === 'string') {
      switch (encoding) {
        case 'hex':
          return enc.latin1Decode(enc.hexDecode(value))
        case 'base64':
        case 'base64url':
          return enc.latin1Decode(enc.base64Decode(value))
        case 'utf8':
        case 'utf-8':
          return enc.latin1Decode(enc.utf8Encode(value))
        default:
          throw unknownEncoding(encoding, 'hex, base64, base64url or utf8')
      }
    }
    if (isArray(value) || ArrayBuffer.isView(value)) {
      const list = value as ArrayLike<unknown>
      const bytes = new Uint8Array(list.length)
      for (let i = 0; i < list.length; i++) bytes[i] = Number(list[i]) & 0xff
      return enc.latin1Decode(bytes)
    }
    throw new TypeError('String.bytesFrom: the first argument must be an array of octets or a string')
  }

  const methods = {
    fromBytes(s: string, start?: unknown, end?: unknown): string {
      return part(s, start, end)
    },
    fromUTF8(s: string, start?: unknown, end?: unknown): string | null {
      const bytes = part(s, start, end)
      if (!isByteString(bytes)) return bytes
      try {
        return enc.utf8Decode(enc.latin1Encode(bytes), { fatal: true, ignoreBOM: true })
      } catch {
        return null
      }
    },
    toBytes(s: string, start?: unknown, end?: unknown): string | null {
      const text = part(s, start, end)
      return isByteString(text) ? text : null
    },
    toUTF8(s: string, start?: unknown, end?: unknown): string {
      return enc.latin1Decode(enc.utf8Encode(part(s, start, end)))
    },
  }

  const define = (target: object, name: string, value: unknown): void => {
    Object.defineProperty(target, name, { value, writable: true, configurable: true })
  }
  const named = <F extends (...args: any[]) => unknown>(name: string, length: number, fn: F): F => {
    Object.defineProperty(fn, 'name', { value: name })
    Object.defineProperty(fn, 'length', { value: length })
    return fn
  }

  define(
    StringCtor,
    'bytesFrom',
    named('bytesFrom', 2, (value: unknown, encoding?: unknown) => bytesFrom(value, encoding)),
  )
  define(
    proto,
    'bytesFrom',
    named('bytesFrom', 2, (value: unknown, encoding?: unknown) => bytesFrom(value, encoding)),
  )
  for (const name of Object.keys(methods) as (keyof typeof methods)[]) {
    const method = methods[name]
    define(
      StringCtor,
      name,
      named(name, 1, (s: unknown, start?: unknown, end?: unknown) => method(String(s), start, end)),
    )
    define(
      proto,
      name,
      named(name, 1, function (this: unknown, start?: unknown, end?: unknown) {
        return method(receiver(this), start, end)
      }),
    )
  }

  // `toString()` stays the standard method; an encoding gives the string's bytes encoded.
  define(
    proto,
    'toString',
    named('toString', 0, function (this: unknown, encoding?: unknown) {
      const s = typeof this === 'string' ? this : thisString.call(this)
      if (encoding === undefined) return s
      switch (encoding) {
        case 'hex':
          return enc.hexEncode(bytesOf(s))
        case 'base64':
          return enc.base64Encode(bytesOf(s))
        case 'base64url':
          return enc.base64Encode(bytesOf(s), true)
        default:
          throw unknownEncoding(encoding, 'hex, base64 or base64url')
      }
    }),
  )
}
