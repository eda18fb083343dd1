import { ControlError } from '../../errors.js'

/** A page of a list operation: `nextMarker` only when more follow. */
export interface Page<T> {
  items: T[]
  nextMarker?: string
}

/** CloudFront's list operations take MaxItems from 1 to 100, default 100. */
export const MAX_LIST_ITEMS = 100

/** The page size a caller asked for, checked: read `limit` (one more) rows to learn if more follow. */
export function pageSize(maxItems: number | undefined): { maxItems: number; limit: number } {
  const size = maxItems ?? MAX_LIST_ITEMS
  if (!Number.isInteger(size) || size < 1 || size > MAX_LIST_ITEMS) {
    throw new ControlError('InvalidArgument', `MaxItems must be an integer from 1 to ${MAX_LIST_ITEMS}.`)
  }
  return { maxItems: size, limit: size + 1 }
}

/**
 * The page of `rows` (read with `pageSize`'s `limit`, in marker order): the first `maxItems`
 * as `view` shows them, and the marker of the last one when a row more was read.
 */
export function toPage<R, T>(
  rows: readonly R[],
  maxItems: number,
  markerOf: (row: R) => string,
  view: (row: R) => T,
): Page<T> {
  const shown = rows.slice(0, maxItems)
  const last = shown[shown.length - 1]
  const items = shown.map(view)
  return rows.length > maxItems && last !== undefined ? { items, nextMarker: markerOf(last) } : { items }
}
