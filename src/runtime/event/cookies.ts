import { addCookieValue, addValue, type LooseField, own, resolveEntries } from './fields.js'
import type { ResponseCookieValue, ValueField } from './types.js'

// Optional whitespace around cookie pairs (RFC 6265 5.2 / 5.4): spaces and tabs.
function trimOws(text: string, start: number, end: number): string {
  while (start < end && (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09)) start++
  while (end > start && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--
  return text.slice(start, end)
}

/**
 * Adds the cookies of one `Cookie` header (`a=1; b=2`) to `into`. Values stay as sent (quotes,
 * percent-encoding). A pair without `=` is a cookie with `value: ""`; empty pairs are skipped.
 */
export function parseCookieHeader(header: string, into: Record<string, ValueField>): void {
  const length = header.length
  let start = 0
  while (start < length) {
    let end = header.indexOf(';', start)
    if (end === -1) end = length
    const eq = header.indexOf('=', start)
    if (eq === -1 || eq > end) {
      const name = trimOws(header, start, end)
      if (name.length > 0) addValue(into, name, '')
    } else {
      addValue(into, trimOws(header, start, eq), trimOws(header, eq + 1, end))
    }
    start = end + 1
  }
}

/**
 * Adds one `Set-Cookie` header to `into`: `name=value; Secure; Path=/` becomes
 * `{value, attributes: "Secure; Path=/"}`. `attributes` is omitted when there are none.
 */
export function parseSetCookie(header: string, into: Record<string, ResponseCookieValue>): void {
  const semi = header.indexOf(';')
  const pairEnd = semi === -1 ? header.length : semi
  const eq = header.indexOf('=')
  let name: string
  let value: string
  if (eq === -1 || eq > pairEnd) {
    name = trimOws(header, 0, pairEnd)
    value = ''
  } else {
    name = trimOws(header, 0, eq)
    value = trimOws(header, eq + 1, pairEnd)
  }
  const attributes = semi === -1 ? '' : trimOws(header, semi + 1, header.length)
  addCookieValue(into, name, value, attributes === '' ? undefined : attributes)
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : String(value)
}

/**
 * The `Cookie` header for a request's cookies after AWS's event-structure rules (`a=1; b=2`), or
 * `""` when there are none.
 */
export function serializeRequestCookies(
  orig: Record<string, ValueField>,
  out: Record<string, ValueField> | Record<string, LooseField>,
): string {
  let header = ''
  for (const name of Object.keys(out)) {
    const field = own<LooseField>(out, name)
    if (field === undefined || field === null || typeof field !== 'object') continue
    for (const entry of resolveEntries(own(orig, name), field)) {
      if (header.length > 0) header += '; '
      header += `${name}=${stringOf(entry.value)}`
    }
  }
  return header
}

/** Appends one `Set-Cookie` header (`name=value; attributes`) per cookie value to `target`. */
export function serializeSetCookies(
  orig: Record<string, ResponseCookieValue>,
  out: Record<string, ResponseCookieValue> | Record<string, LooseField>,
  target: [string, string][],
): void {
  for (const name of Object.keys(out)) {
    const field = own<LooseField>(out, name)
    if (field === undefined || field === null || typeof field !== 'object') continue
    for (const entry of resolveEntries(own(orig, name), field)) {
      const attributes = entry.attributes
      const pair = `${name}=${stringOf(entry.value)}`
      const hasAttributes = attributes !== undefined && attributes !== null && attributes !== ''
      target.push(['Set-Cookie', hasAttributes ? `${pair}; ${stringOf(attributes)}` : pair])
    }
  }
}
