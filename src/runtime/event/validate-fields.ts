import { describeValue } from './errors.js'
import { type LooseEntry, type LooseField, own, resolveEntries, sameResolved } from './fields.js'
import { headerNameProblem, headerValueProblem, isDisallowedHeader } from './header-rules.js'
import type { ResponseCookieValue, ValueField } from './types.js'

type Fields = Record<string, ValueField> | Record<string, ResponseCookieValue>
type OutFields = Record<string, unknown>

const NO_ENTRIES: readonly LooseEntry[] = Object.freeze([])

const label = (where: string, name: string) => `${where}[${JSON.stringify(name)}]`

/**
 * The field's resolved values (AWS's event rules), or a problem message: the field is not an object,
 * its multiValue is not an array, or a value is not a string. `undefined`/`null` fields are
 * deletions and resolve to no values.
 */
function entriesOf(
  where: string,
  name: string,
  orig: Fields,
  field: unknown,
): readonly LooseEntry[] | string {
  if (field === undefined || field === null) return NO_ENTRIES
  if (typeof field !== 'object' || Array.isArray(field)) {
    return `${label(where, name)} must be an object like {value: "..."}; got ${describeValue(field)}`
  }
  const loose = field as LooseField
  if (loose.multiValue !== undefined && !Array.isArray(loose.multiValue)) {
    return `${label(where, name)}.multiValue must be an array; got ${describeValue(loose.multiValue)}`
  }
  const entries = resolveEntries(own(orig as Record<string, ValueField>, name), loose)
  for (const entry of entries) {
    if (entry === null || typeof entry !== 'object') {
      return `${label(where, name)}.multiValue entries must be objects like {value: "..."}`
    }
    if (typeof entry.value !== 'string') {
      return `${label(where, name)}.value must be a string; got ${describeValue(entry.value)}`
    }
  }
  return entries
}

/**
 * Checks `headers` a function returned: lowercase token names, string values Node can send, no
 * disallowed header added, no read-only header added, changed or removed
 * ('Restrictions on edge functions').
 */
export function headersProblem(
  where: string,
  orig: Record<string, ValueField>,
  out: OutFields,
  readOnly: readonly string[],
): string | null {
  for (const name of Object.keys(out)) {
    const field = out[name]
    if (field === undefined || field === null) continue
    const nameProblem = headerNameProblem(name)
    if (nameProblem !== null) return `${where}: ${nameProblem}`
    if (isDisallowedHeader(name))
      return `${label(where, name)}: the function added the disallowed header "${name}"`
    const entries = entriesOf(where, name, orig, field)
    if (typeof entries === 'string') return entries
    for (const entry of entries) {
      const valueProblem = headerValueProblem(entry.value as string)
      if (valueProblem !== null) return `${label(where, name)} value ${valueProblem}`
    }
  }
  for (const name of readOnly) {
    const before = own(orig, name)
    const after = own(out, name) ?? undefined
    if (before === undefined && after === undefined) continue
    if (before === undefined)
      return `${label(where, name)}: the function added the read-only header "${name}"`
    if (after === undefined)
      return `${label(where, name)}: the function removed the read-only header "${name}"`
    const entries = entriesOf(where, name, orig, after)
    if (typeof entries === 'string') return entries
    if (!sameResolved(entries, before.multiValue ?? [before])) {
      return `${label(where, name)}: the function changed the read-only header "${name}"`
    }
  }
  return null
}

// A cookie name may not hold "=" or ";" (they delimit pairs); the rest is a header value's rules.
const BAD_COOKIE_NAME = /[=;]/

/** Checks request or response `cookies`: names, string values without `;`, string attributes. */
export function cookiesProblem(where: string, orig: Fields, out: OutFields): string | null {
  for (const name of Object.keys(out)) {
    const field = out[name]
    if (field === undefined || field === null) continue
    if (BAD_COOKIE_NAME.test(name)) return `${label(where, name)}: a cookie name must not contain "=" or ";"`
    const nameProblem = headerValueProblem(name)
    if (nameProblem !== null) return `${label(where, name)}: the cookie name ${nameProblem}`
    const entries = entriesOf(where, name, orig, field)
    if (typeof entries === 'string') return entries
    for (const entry of entries) {
      const value = entry.value as string
      if (value.includes(';')) return `${label(where, name)}.value must not contain ";"`
      const valueProblem = headerValueProblem(value)
      if (valueProblem !== null) return `${label(where, name)}.value ${valueProblem}`
      const attributes = entry.attributes
      if (attributes === undefined || attributes === null) continue
      if (typeof attributes !== 'string') {
        return `${label(where, name)}.attributes must be a string; got ${describeValue(attributes)}`
      }
      const attributesProblem = headerValueProblem(attributes)
      if (attributesProblem !== null) return `${label(where, name)}.attributes ${attributesProblem}`
    }
  }
  return null
}

// Spaces, control characters and "#" may not appear in a query string.
const BAD_QUERY_CHAR = /[\x00-\x20\x7f#]/

function queryCharProblem(text: string): string | null {
  const bad = BAD_QUERY_CHAR.exec(text)
  if (bad === null) return null
  const c = bad[0]
  return c === ' ' ? 'a space' : c === '#' ? '"#"' : 'a control character'
}

function holdsValue(field: ValueField, value: string): boolean {
  if (field.value === value) return true
  return field.multiValue?.some((entry) => entry.value === value) === true
}

/**
 * Checks a returned `querystring` (object or string) and returns its length in characters as
 * it will be sent (before percent-encoding non-ASCII), for the URI length limit.
 */
export function queryProblem(
  orig: Record<string, ValueField>,
  out: unknown,
): { problem: string } | { length: number } {
  if (typeof out === 'string') {
    const query = out.startsWith('?') ? out.slice(1) : out
    const problem = queryCharProblem(query)
    if (problem !== null) return { problem: `request.querystring must not contain ${problem}` }
    return { length: query.length }
  }
  const fields = out as OutFields
  let length = 0
  for (const name of Object.keys(fields)) {
    const entries = entriesOf('request.querystring', name, orig, fields[name])
    if (typeof entries === 'string') return { problem: entries }
    // What the event already held is not the function's doing: a TestFunction event may spell a
    // value decoded ("x y"); the edge's own events never hold such characters.
    const given = own(orig, name)
    const nameProblem = given === undefined ? queryCharProblem(name) : null
    if (nameProblem !== null) {
      return { problem: `${label('request.querystring', name)}: the name must not contain ${nameProblem}` }
    }
    for (const entry of entries) {
      const value = entry.value as string
      const problem = given !== undefined && holdsValue(given, value) ? null : queryCharProblem(value)
      if (problem !== null)
        return { problem: `${label('request.querystring', name)}.value must not contain ${problem}` }
      if (length > 0) length++
      length += name.length + (value === '' ? 0 : value.length + 1)
    }
  }
  return { length }
}
