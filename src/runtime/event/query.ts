import { addValue, type LooseField, own, resolveEntries, sameResolved } from './fields.js'
import type { CfEvent, CfRequest, ValueField } from './types.js'

/**
 * The query of a request target without its `?`: `""` for `/page?`, undefined when there is no
 * `?` (`request.rawQueryString()`, 'General helper methods'). A `#fragment` is not part of it.
 */
export function rawQueryString(url: string): string | undefined {
  const q = url.indexOf('?')
  if (q === -1) return undefined
  const hash = url.indexOf('#', q + 1)
  return hash === -1 ? url.slice(q + 1) : url.slice(q + 1, hash)
}

/**
 * Parses a raw query into `querystring` fields. Names and values stay as the viewer sent them:
 * no percent-decoding and no `+` to space, as CloudFront does [?, 3p]. `a&b=` gives `value: ""`
 * for both; a repeated name gets `multiValue`; empty `&&` segments are skipped.
 */
export function parseQueryString(raw: string): Record<string, ValueField> {
  const result: Record<string, ValueField> = {}
  const length = raw.length
  let start = 0
  while (start < length) {
    let end = raw.indexOf('&', start)
    if (end === -1) end = length
    if (end > start) {
      const eq = raw.indexOf('=', start)
      if (eq === -1 || eq > end) addValue(result, raw.slice(start, end), '')
      else addValue(result, raw.slice(start, eq), raw.slice(eq + 1, end))
    }
    start = end + 1
  }
  return result
}

// Raw queries of requests built by buildRequestEvent, so that an unchanged query goes to the
// origin byte for byte, and request.rawQueryString() can be answered from the event.
const rawQueries = new WeakMap<CfRequest, string>()

/** Records the raw query (no `?`) a request event was built from. */
export function rememberRawQuery(request: CfRequest, raw: string): void {
  rawQueries.set(request, raw)
}

/** The raw query recorded for this request object, if it was built from a URL with a `?`. */
export function recordedRawQuery(request: CfRequest): string | undefined {
  return rawQueries.get(request)
}

/**
 * What `request.rawQueryString()` returns for an event: the query as received when the event
 * came from `buildRequestEvent`, else (a TestFunction event) the `querystring` object serialised,
 * or undefined when it is empty.
 */
export function eventRawQueryString(event: CfEvent): string | undefined {
  const raw = rawQueries.get(event.request)
  if (raw !== undefined) return raw
  const query = serializeQueryObject(event.request.querystring, event.request.querystring)
  return query === '' ? undefined : query
}

// Characters kept as they are in a serialised query or path; everything else is percent-encoded
// as UTF-8. `%` is kept so that already-encoded text passes through unchanged.
const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~'
function table(extra: string): Uint8Array {
  const keep = new Uint8Array(128)
  for (const c of UNRESERVED + extra) keep[c.charCodeAt(0)] = 1
  return keep
}
const QUERY_NAME = table("!$'()*+,;:@/?%")
const QUERY_VALUE = table("!$'()*+,;:@/?%=")
const QUERY_STRING = table("!$'()*+,;:@/?%=&")
const PATH = table("!$&'()*+,;=:@/%")

function encodeWith(keep: Uint8Array, text: string): string {
  let i = 0
  const length = text.length
  while (i < length) {
    const c = text.charCodeAt(i)
    if (c >= 128 || keep[c] === 0) break
    i++
  }
  if (i === length) return text
  let out = text.slice(0, i)
  for (; i < length; i++) {
    const c = text.charCodeAt(i)
    if (c < 128) {
      out += keep[c] === 1 ? text[i] : `%${c < 16 ? '0' : ''}${c.toString(16).toUpperCase()}`
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < length) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += encodeURIComponent(text.slice(i, i + 2))
        i++
      } else out += '%EF%BF%BD'
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += '%EF%BF%BD' // a lone surrogate: U+FFFD, as Buffer does
    } else out += encodeURIComponent(text[i]!)
  }
  return out
}

/** Percent-encodes what cannot stand in a request path (space, `?`, `#`, non-ASCII, ...). */
export function encodePath(uri: string): string {
  return encodeWith(PATH, uri)
}

/** Percent-encodes what cannot stand in a query a function set as one string. */
export function encodeQueryString(query: string): string {
  return encodeWith(QUERY_STRING, query)
}

/**
 * Serialises a `querystring` object with AWS's event-structure rules against `orig`: `name=value`
 * joined by `&`, a bare `name` for `value: ""`, repeated names kept together in `multiValue`
 * order. `&`, `=` (in names) and what cannot appear in a URL are percent-encoded.
 */
export function serializeQueryObject(
  orig: Record<string, ValueField>,
  out: Record<string, ValueField> | Record<string, LooseField>,
): string {
  let query = ''
  for (const name of Object.keys(out)) {
    const field = own<LooseField>(out, name)
    if (field === undefined || field === null || typeof field !== 'object') continue
    const encodedName = encodeWith(QUERY_NAME, name)
    for (const entry of resolveEntries(own(orig, name), field)) {
      const value = typeof entry.value === 'string' ? entry.value : String(entry.value)
      if (query.length > 0) query += '&'
      query += value === '' ? encodedName : `${encodedName}=${encodeWith(QUERY_VALUE, value)}`
    }
  }
  return query
}

/** True when a function left the query object as it was (values, not key order). */
export function sameQueryObject(
  orig: Record<string, ValueField>,
  out: Record<string, ValueField> | Record<string, LooseField>,
): boolean {
  const names = Object.keys(out)
  if (names.length !== Object.keys(orig).length) return false
  for (const name of names) {
    const before = own(orig, name)
    const after = own<LooseField>(out, name)
    if (before === undefined || after === undefined || after === null || typeof after !== 'object') {
      return false
    }
    if (!sameResolved(resolveEntries(before, after), before.multiValue ?? [before])) return false
  }
  return true
}
