import type { ResponseCookieValue, ValueField } from './types.js'

/** A field as a function may have left it: any JSON value in any property. */
export interface LooseField {
  value?: unknown
  attributes?: unknown
  multiValue?: unknown
}

/** One value of a field after the apply rules; `attributes` only for response cookies. */
export interface LooseEntry {
  value?: unknown
  attributes?: unknown
}

type AnyField = ValueField | ResponseCookieValue

// Names come from the wire, so "__proto__" or "constructor" are ordinary names here: read and
// write own properties only.

/** `record[name]` if it is an own property, else undefined. */
export function own<T>(record: Record<string, T>, name: string): T | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined
}

/** `record[name] = value`, also for the name `__proto__`. */
export function setOwn<T>(record: Record<string, T>, name: string, value: T): void {
  if (name === '__proto__') {
    Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true })
  } else {
    record[name] = value
  }
}

/** Adds one received value: a repeated name gets `multiValue` with all values. */
export function addValue(record: Record<string, ValueField>, name: string, value: string): void {
  const existing = own(record, name)
  if (existing === undefined) setOwn(record, name, { value })
  else if (existing.multiValue === undefined) existing.multiValue = [{ value: existing.value }, { value }]
  else existing.multiValue.push({ value })
}

/** `addValue` for a response cookie; `attributes` is omitted when the header had none. */
export function addCookieValue(
  record: Record<string, ResponseCookieValue>,
  name: string,
  value: string,
  attributes: string | undefined,
): void {
  const entry = attributes === undefined ? { value } : { value, attributes }
  const existing = own(record, name)
  if (existing === undefined) setOwn<ResponseCookieValue>(record, name, { ...entry })
  else if (existing.multiValue === undefined) {
    const first = existing.attributes === undefined ? { value: existing.value } : { ...existing }
    existing.multiValue = [first, entry]
  } else existing.multiValue.push(entry)
}

const sameAttributes = (a: unknown, b: unknown) => (a ?? '') === (b ?? '')

function sameEntries(out: readonly unknown[], orig: readonly LooseEntry[]): boolean {
  if (out.length !== orig.length) return false
  for (let i = 0; i < out.length; i++) {
    const a = out[i] as LooseEntry | null
    const b = orig[i] as LooseEntry
    if (a === null || typeof a !== 'object' || a.value !== b.value) return false
    if (!sameAttributes(a.attributes, b.attributes)) return false
  }
  return true
}

/**
 * The values a field stands for once a function has run, by AWS's event-structure rules:
 * a `multiValue` array that differs from the original's wins and `value` is ignored; otherwise a
 * changed `value` (or cookie `attributes`) replaces the first value and later values stay. A
 * field the function added has its `multiValue` if it set one, else its `value`. Entries are not
 * checked here; `validateForViewer` does that.
 */
export function resolveEntries(orig: AnyField | undefined, out: LooseField): readonly LooseEntry[] {
  const mv = out.multiValue
  if (orig === undefined) return Array.isArray(mv) ? mv : [out]
  // An original without multiValue stands for the one-entry list [orig].
  const origList: readonly LooseEntry[] = orig.multiValue ?? [orig]
  if (Array.isArray(mv) && !sameEntries(mv, origList)) return mv
  const origAttributes = (orig as ResponseCookieValue).attributes
  if (out.value === orig.value && sameAttributes(out.attributes, origAttributes)) return origList
  if (origList.length === 1) return [out]
  const list: LooseEntry[] = [out]
  for (let i = 1; i < origList.length; i++) list.push(origList[i]!)
  return list
}

/** True when two resolved value lists are the same (values and attributes, in order). */
export function sameResolved(a: readonly LooseEntry[], b: readonly LooseEntry[]): boolean {
  return sameEntries(a, b)
}
