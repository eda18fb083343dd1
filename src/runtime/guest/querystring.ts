// Guest code: injected into the isolate with Function.prototype.toString(); self-contained.
import type { GuestEncoding } from './encoding.js'

/** Options of `querystring.parse`, as Node's. */
export interface ParseOptions {
  decodeURIComponent?: (s: string) => string
  /** Pairs to read at most; 0 (or less) means no limit. Default 1000. */
  maxKeys?: number
}

/** The `querystring` module. */
export interface GuestQuerystring {
  parse(str: unknown, sep?: unknown, eq?: unknown, options?: ParseOptions): Record<string, string | string[]>
  decode(str: unknown, sep?: unknown, eq?: unknown, options?: ParseOptions): Record<string, string | string[]>
  stringify(
    obj: unknown,
    sep?: string,
    eq?: string,
    options?: { encodeURIComponent?: (s: string) => string },
  ): string
  encode(
    obj: unknown,
    sep?: string,
    eq?: string,
    options?: { encodeURIComponent?: (s: string) => string },
  ): string
  escape(str: unknown): string
  unescape(str: string, decodeSpaces?: boolean): string
}

/**
 * Node's `querystring`, behaviour for behaviour: `+` is a space, repeated keys collect into
 * arrays, malformed escapes stay literal, invalid UTF-8 becomes U+FFFD, and `parse` returns an
 * object with a null prototype. As in Node, `parse` and `stringify` call the module's own
 * `unescape` / `escape` properties, so replacing those changes them.
 */
export function createQuerystring(enc: GuestEncoding): GuestQuerystring {
  const HEX = '0123456789ABCDEF'
  const hexValue = (c: number): number =>
    c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1
  // ASCII that escape() leaves alone: A-Z a-z 0-9 - _ . ! ~ * ' ( )
  const keep = new Uint8Array(128)
  for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()")
    keep[c.charCodeAt(0)] = 1
  const pct = (byte: number) => '%' + HEX[byte >> 4] + HEX[byte & 15]

  // Percent-decodes byte-wise; a malformed escape stays literal, each code unit keeps its low byte.
  const unescapeBytes = (s: string, decodeSpaces: boolean): Uint8Array => {
    const out = new Uint8Array(s.length)
    let n = 0
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i)
      if (c === 43 && decodeSpaces) c = 32
      else if (c === 37 && i < s.length - 2) {
        const hi = hexValue(s.charCodeAt(i + 1))
        const lo = hi < 0 ? -1 : hexValue(s.charCodeAt(i + 2))
        if (lo >= 0) {
          c = hi * 16 + lo
          i += 2
        }
      }
      out[n++] = c
    }
    return out.subarray(0, n)
  }

  function qsUnescape(s: string, decodeSpaces?: boolean): string {
    try {
      return decodeURIComponent(s)
    } catch {
      return enc.utf8Decode(unescapeBytes(s, decodeSpaces === true), { ignoreBOM: true })
    }
  }

  function qsEscape(value: unknown): string {
    const str = typeof value === 'string' ? value : typeof value === 'object' ? String(value) : `${value}`
    let out = ''
    let last = 0
    for (let i = 0; i < str.length; i++) {
      let c = str.charCodeAt(i)
      if (c < 0x80 && keep[c] === 1) continue
      if (last < i) out += str.slice(last, i)
      if (c < 0x80) out += pct(c)
      else if (c < 0x800) out += pct(0xc0 | (c >> 6)) + pct(0x80 | (c & 63))
      else if (c < 0xd800 || c >= 0xe000)
        out += pct(0xe0 | (c >> 12)) + pct(0x80 | ((c >> 6) & 63)) + pct(0x80 | (c & 63))
      else {
        // Node pairs any surrogate with the next code unit, whatever it is; none left is an error.
        if (++i >= str.length) {
          const error = new URIError('URI malformed')
          ;(error as any).code = 'ERR_INVALID_URI'
          throw error
        }
        c = 0x10000 + (((c & 0x3ff) << 10) | (str.charCodeAt(i) & 0x3ff))
        out +=
          pct(0xf0 | (c >> 18)) +
          pct(0x80 | ((c >> 12) & 63)) +
          pct(0x80 | ((c >> 6) & 63)) +
          pct(0x80 | (c & 63))
      }
      last = i + 1
    }
    return last === 0 ? str : last < str.length ? out + str.slice(last) : out
  }

  const primitive = (v: unknown): string =>
    typeof v === 'string'
      ? v
      : (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'bigint'
        ? `${v}`
        : typeof v === 'boolean'
          ? `${v}`
          : ''

  function stringify(
    obj: unknown,
    sep?: string,
    eq?: string,
    options?: { encodeURIComponent?: (s: string) => string },
  ) {
    const separator = sep || '&'
    const equals = eq || '='
    let encode: (s: string) => string = api.escape
    if (options && typeof options.encodeURIComponent === 'function') encode = options.encodeURIComponent
    const convert =
      encode === qsEscape
        ? (v: unknown): string => {
            if (typeof v === 'string') return v.length ? encode(v) : ''
            // Numbers too large for plain digits ("1e+21") still get escaped.
            if (typeof v === 'number' && Number.isFinite(v))
              return Math.abs(v) < 1e21 ? `${v}` : encode(`${v}`)
            return primitive(v)
          }
        : (v: unknown): string => encode(primitive(v))
    if (obj === null || typeof obj !== 'object') return ''
    let fields = ''
    for (const k of Object.keys(obj)) {
      const v = (obj as Record<string, unknown>)[k]
      const ks = convert(k) + equals
      if (Array.isArray(v)) {
        if (v.length === 0) continue
        for (let j = 0; j < v.length; j++) fields += (fields ? separator : '') + ks + convert(v[j])
      } else fields += (fields ? separator : '') + ks + convert(v)
    }
    return fields
  }

  function parse(qs: unknown, sep?: unknown, eq?: unknown, options?: ParseOptions) {
    const obj: Record<string, string | string[]> = Object.create(null)
    if (typeof qs !== 'string' || qs.length === 0) return obj
    const sepStr = sep ? String(sep) : '&'
    const eqStr = eq ? String(eq) : '='
    let pairs = 1000
    if (options && typeof options.maxKeys === 'number') pairs = options.maxKeys > 0 ? options.maxKeys : -1
    let decode: (s: string, decodeSpaces?: boolean) => string = api.unescape
    if (options && typeof options.decodeURIComponent === 'function') decode = options.decodeURIComponent
    const custom = decode !== qsUnescape
    // With a custom decoder, '+' becomes "%20" for it to decode, and every part is decoded.
    const plus = custom ? '%20' : ' '

    const add = (key: string, value: string, keyEncoded: boolean, valueEncoded: boolean) => {
      const dec = (s: string): string => {
        try {
          return decode(s)
        } catch {
          return api.unescape(s, true)
        }
      }
      if (key.length > 0 && keyEncoded) key = dec(key)
      if (value.length > 0 && valueEncoded) value = dec(value)
      const current = obj[key]
      if (current === undefined) obj[key] = value
      else if (Array.isArray(current)) current.push(value)
      else obj[key] = [current, value]
    }

    // One pass, as Node's: sep/eq may be several characters long (matched with a running index,
    // without backtracking), and a part is only decoded if it holds a "%XX" escape.
    let last = 0
    let sepIdx = 0
    let eqIdx = 0
    let key = ''
    let value = ''
    let keyEncoded = custom
    let valueEncoded = custom
    let hexRun = 0 // 1 after '%', 2 and 3 after each hex digit
    for (let i = 0; i < qs.length; i++) {
      const code = qs.charCodeAt(i)
      if (code === sepStr.charCodeAt(sepIdx)) {
        if (++sepIdx < sepStr.length) continue
        const end = i - sepIdx + 1
        if (eqIdx < eqStr.length) {
          if (last < end) key += qs.slice(last, end)
          else if (key.length === 0) {
            // An empty pair ("&&") still counts against maxKeys.
            if (--pairs === 0) return obj
            last = i + 1
            sepIdx = eqIdx = 0
            continue
          }
        } else if (last < end) value += qs.slice(last, end)
        add(key, value, keyEncoded, valueEncoded)
        if (--pairs === 0) return obj
        keyEncoded = valueEncoded = custom
        key = value = ''
        hexRun = 0
        last = i + 1
        sepIdx = eqIdx = 0
        continue
      }
      sepIdx = 0
      if (eqIdx < eqStr.length) {
        if (code === eqStr.charCodeAt(eqIdx)) {
          if (++eqIdx === eqStr.length) {
            const end = i - eqIdx + 1
            if (last < end) key += qs.slice(last, end)
            hexRun = 0
            last = i + 1
          }
          continue
        }
        eqIdx = 0
        if (!keyEncoded) {
          if (code === 37) {
            hexRun = 1
            continue
          }
          if (hexRun > 0) {
            if (hexValue(code) >= 0) {
              if (++hexRun === 3) keyEncoded = true
              continue
            }
            hexRun = 0
          }
        }
        if (code === 43) {
          if (last < i) key += qs.slice(last, i)
          key += plus
          last = i + 1
          continue
        }
      }
      if (code === 43) {
        if (last < i) value += qs.slice(last, i)
        value += plus
        last = i + 1
      } else if (!valueEncoded) {
        if (code === 37) hexRun = 1
        else if (hexRun > 0) {
          if (hexValue(code) >= 0) {
            if (++hexRun === 3) valueEncoded = true
          } else hexRun = 0
        }
      }
    }
    if (last < qs.length) {
      if (eqIdx < eqStr.length) key += qs.slice(last)
      else if (sepIdx < sepStr.length) value += qs.slice(last)
    } else if (eqIdx === 0 && key.length === 0) return obj
    add(key, value, keyEncoded, valueEncoded)
    return obj
  }

  const api: GuestQuerystring = {
    parse,
    decode: parse,
    stringify,
    encode: stringify,
    escape: qsEscape,
    unescape: qsUnescape,
  }
  return api
}
