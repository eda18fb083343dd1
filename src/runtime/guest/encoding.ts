// Guest code: injected into the isolate with Function.prototype.toString(); self-contained.

/** Options of {@link GuestEncoding.utf8Decode}, as TextDecoder's. */
export interface Utf8DecodeOptions {
  /** Throw a TypeError on malformed input instead of substituting U+FFFD. */
  fatal?: boolean
  /** Keep a leading byte order mark (TextDecoder strips it unless this is true). */
  ignoreBOM?: boolean
}

/** The byte codecs every other guest library builds on (no Buffer or TextEncoder in the isolate). */
export interface GuestEncoding {
  /** UTF-8 bytes of `str`; lone surrogates become U+FFFD (EF BF BD), as in Node. */
  utf8Encode(str: string): Uint8Array
  /** UTF-8 length of `str` in bytes (lone surrogates count 3). */
  utf8ByteLength(str: string): number
  /**
   * Writes whole characters of `str` into `target[offset, offset + max)` and stops before a
   * character that does not fit (Buffer#write, TextEncoder#encodeInto). `read` counts UTF-16 code units.
   */
  utf8Write(str: string, target: Uint8Array, offset: number, max: number): { read: number; written: number }
  /**
   * Decodes UTF-8 with WHATWG semantics: each maximal invalid subpart becomes U+FFFD, or with
   * `fatal` a TypeError is thrown. A leading BOM is stripped unless `ignoreBOM` (TextDecoder's
   * rule); Buffer#toString passes `{ ignoreBOM: true }` to keep it.
   */
  utf8Decode(bytes: Uint8Array, options?: Utf8DecodeOptions): string
  /** Base64 of `bytes`; `url` gives base64url without padding, as Node's 'base64url'. */
  base64Encode(bytes: Uint8Array, url?: boolean): string
  /**
   * Lenient decode, as Node's Buffer.from(s, 'base64'): both alphabets, characters outside them
   * are skipped, decoding stops at the first '=', and missing padding is fine.
   */
  base64Decode(str: string): Uint8Array
  /** WHATWG forgiving-base64 decode (what atob uses): ASCII whitespace is removed; null if invalid. */
  base64DecodeStrict(str: string): Uint8Array | null
  /** Lowercase hex. */
  hexEncode(bytes: Uint8Array): string
  /** Node's hex decode: pairs of hex digits up to the first invalid pair; an odd last digit is dropped. */
  hexDecode(str: string): Uint8Array
  /** One character per byte (latin1), as atob returns and as crypto's 'latin1' digests read. */
  latin1Decode(bytes: Uint8Array): string
  /** The low byte of each UTF-16 code unit, as Node's 'latin1' encoding writes. */
  latin1Encode(str: string): Uint8Array
}

/** Creates the byte codecs. Self-contained: uses only ECMAScript built-ins. */
export function createEncoding(): GuestEncoding {
  const CHUNK = 8192
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  const HEX = '0123456789abcdef'
  // -1: not in the alphabet. Lenient decoding accepts both alphabets at once, like Node.
  const b64Values = new Int8Array(256).fill(-1)
  const b64StdValues = new Int8Array(256).fill(-1)
  for (let i = 0; i < 64; i++) {
    b64Values[B64.charCodeAt(i)] = i
    b64Values[B64URL.charCodeAt(i)] = i
    b64StdValues[B64.charCodeAt(i)] = i
  }
  const hexValues = new Int8Array(256).fill(-1)
  for (let i = 0; i < 16; i++) {
    hexValues[HEX.charCodeAt(i)] = i
    hexValues[HEX.toUpperCase().charCodeAt(i)] = i
  }
  const hexPairs: string[] = []
  for (let i = 0; i < 256; i++) hexPairs.push(HEX[i >> 4]! + HEX[i & 15]!)

  // Builds a string from code units without one huge `apply` (stack limits) or per-char concat.
  const fromUnits = (units: number[], length: number): string => {
    if (length <= CHUNK)
      return String.fromCharCode.apply(null, units.length === length ? units : units.slice(0, length))
    let out = ''
    for (let i = 0; i < length; i += CHUNK) {
      out += String.fromCharCode.apply(null, units.slice(i, Math.min(i + CHUNK, length)))
    }
    return out
  }

  const utf8ByteLength = (str: string): number => {
    let n = 0
    for (let i = 0; i < str.length; i++) {
      const c = str.charCodeAt(i)
      if (c < 0x80) n += 1
      else if (c < 0x800) n += 2
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
        const d = str.charCodeAt(i + 1)
        if (d >= 0xdc00 && d <= 0xdfff) {
          n += 4
          i++
        } else n += 3
      } else n += 3
    }
    return n
  }

  const utf8Write = (str: string, target: Uint8Array, offset: number, max: number) => {
    let pos = offset
    const end = offset + max
    let i = 0
    for (; i < str.length; i++) {
      let c = str.charCodeAt(i)
      if (c < 0x80) {
        if (pos >= end) break
        target[pos++] = c
        continue
      }
      if (c < 0x800) {
        if (pos + 2 > end) break
        target[pos++] = 0xc0 | (c >> 6)
        target[pos++] = 0x80 | (c & 63)
        continue
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = c <= 0xdbff && i + 1 < str.length ? str.charCodeAt(i + 1) : 0
        if (d >= 0xdc00 && d <= 0xdfff) {
          if (pos + 4 > end) break
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
          target[pos++] = 0xf0 | (c >> 18)
          target[pos++] = 0x80 | ((c >> 12) & 63)
          target[pos++] = 0x80 | ((c >> 6) & 63)
          target[pos++] = 0x80 | (c & 63)
          i++
          continue
        }
        c = 0xfffd // a lone surrogate
      }
      if (pos + 3 > end) break
      target[pos++] = 0xe0 | (c >> 12)
      target[pos++] = 0x80 | ((c >> 6) & 63)
      target[pos++] = 0x80 | (c & 63)
    }
    return { read: i, written: pos - offset }
  }

  const utf8Encode = (str: string): Uint8Array => {
    const out = new Uint8Array(utf8ByteLength(str))
    utf8Write(str, out, 0, out.length)
    return out
  }

  const utf8Decode = (bytes: Uint8Array, options?: Utf8DecodeOptions): string => {
    const fatal = options !== undefined && options.fatal === true
    const len = bytes.length
    let i = 0
    if (!(options !== undefined && options.ignoreBOM === true)) {
      if (len >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3
    }
    const units: number[] = []
    let n = 0
    let out = ''
    while (i < len) {
      if (n >= CHUNK) {
        out += fromUnits(units, n)
        n = 0
      }
      const b = bytes[i]!
      if (b < 0x80) {
        units[n++] = b
        i++
        continue
      }
      // Lead byte → continuation count and the allowed range of the first continuation byte.
      let need = 0
      let lower = 0x80
      let upper = 0xbf
      let cp = 0
      if (b >= 0xc2 && b <= 0xdf) {
        need = 1
        cp = b & 0x1f
      } else if (b >= 0xe0 && b <= 0xef) {
        need = 2
        cp = b & 0x0f
        if (b === 0xe0) lower = 0xa0
        else if (b === 0xed) upper = 0x9f
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3
        cp = b & 0x07
        if (b === 0xf0) lower = 0x90
        else if (b === 0xf4) upper = 0x8f
      }
      let k = 1
      for (; k <= need; k++) {
        const c = i + k < len ? bytes[i + k]! : -1
        if (c < lower || c > upper) break
        cp = (cp << 6) | (c & 0x3f)
        lower = 0x80
        upper = 0xbf
      }
      if (need === 0 || k <= need) {
        if (fatal) {
          const error = new TypeError('The encoded data was not valid for encoding utf-8')
          ;(error as any).code = 'ERR_ENCODING_INVALID_ENCODED_DATA'
          throw error
        }
        units[n++] = 0xfffd
        i += need === 0 ? 1 : k // the lead byte and the valid continuations seen: one U+FFFD
        continue
      }
      i += need + 1
      if (cp >= 0x10000) {
        cp -= 0x10000
        units[n++] = 0xd800 + (cp >> 10)
        units[n++] = 0xdc00 + (cp & 0x3ff)
      } else units[n++] = cp
    }
    return n === 0 ? out : out + fromUnits(units, n)
  }

  const base64Encode = (bytes: Uint8Array, url?: boolean): string => {
    const table = url === true ? B64URL : B64
    const len = bytes.length
    const whole = len - (len % 3)
    let out = ''
    let i = 0
    for (; i < whole; i += 3) {
      const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
      out += table[v >> 18]! + table[(v >> 12) & 63]! + table[(v >> 6) & 63]! + table[v & 63]!
    }
    if (len - whole === 1) {
      const v = bytes[i]!
      out += table[v >> 2]! + table[(v << 4) & 63]! + (url === true ? '' : '==')
    } else if (len - whole === 2) {
      const v = (bytes[i]! << 8) | bytes[i + 1]!
      out += table[v >> 10]! + table[(v >> 4) & 63]! + table[(v << 2) & 63]! + (url === true ? '' : '=')
    }
    return out
  }

  // Packs 6-bit values into bytes; leftover bits of an incomplete last group are dropped.
  const decodeSextets = (str: string, values: Int8Array, stopAtPad: boolean): Uint8Array => {
    const out = new Uint8Array(Math.ceil((str.length * 3) / 4))
    let acc = 0
    let bits = 0
    let pos = 0
    for (let i = 0; i < str.length; i++) {
      const c = str.charCodeAt(i)
      if (c === 0x3d && stopAtPad) break
      const v = c < 256 ? values[c]! : -1
      if (v < 0) continue
      acc = ((acc << 6) | v) & 0xffffff
      bits += 6
      if (bits >= 8) {
        bits -= 8
        out[pos++] = (acc >> bits) & 0xff
      }
    }
    return pos === out.length ? out : out.slice(0, pos)
  }

  const base64Decode = (str: string): Uint8Array => decodeSextets(str, b64Values, true)

  const base64DecodeStrict = (str: string): Uint8Array | null => {
    // https://infra.spec.whatwg.org/#forgiving-base64-decode
    let data = str.replace(/[\t\n\f\r ]+/g, '')
    if (data.length % 4 === 0) {
      if (data.endsWith('==')) data = data.slice(0, -2)
      else if (data.endsWith('=')) data = data.slice(0, -1)
    }
    if (data.length % 4 === 1) return null
    for (let i = 0; i < data.length; i++) {
      const c = data.charCodeAt(i)
      if (c >= 256 || b64StdValues[c]! < 0) return null
    }
    return decodeSextets(data, b64StdValues, false)
  }

  const hexEncode = (bytes: Uint8Array): string => {
    let out = ''
    for (let i = 0; i < bytes.length; i++) out += hexPairs[bytes[i]!]!
    return out
  }

  const hexDecode = (str: string): Uint8Array => {
    const max = str.length >>> 1
    const out = new Uint8Array(max)
    let i = 0
    for (; i < max; i++) {
      const a = str.charCodeAt(2 * i)
      const b = str.charCodeAt(2 * i + 1)
      const hi = a < 256 ? hexValues[a]! : -1
      const lo = b < 256 ? hexValues[b]! : -1
      if (hi < 0 || lo < 0) break
      out[i] = (hi << 4) | lo
    }
    return i === max ? out : out.slice(0, i)
  }

  const latin1Decode = (bytes: Uint8Array): string => {
    let out = ''
    for (let i = 0; i < bytes.length; i += CHUNK) {
      out += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[])
    }
    return out
  }

  const latin1Encode = (str: string): Uint8Array => {
    const out = new Uint8Array(str.length)
    for (let i = 0; i < str.length; i++) out[i] = str.charCodeAt(i)
    return out
  }

  return {
    utf8Encode,
    utf8ByteLength,
    utf8Write,
    utf8Decode,
    base64Encode,
    base64Decode,
    base64DecodeStrict,
    hexEncode,
    hexDecode,
    latin1Decode,
    latin1Encode,
  }
}
