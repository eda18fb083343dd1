import type { ComponentChildren } from 'preact'
import { useEffect, useMemo, useState } from 'preact/hooks'
import { bind } from './components'

/** Rows a list page shows at once, unless the page offers a choice. */
export const DEFAULT_PAGE_SIZE = 25

/** The search box above a list, with the list's own controls beside it (page size, buttons). */
export function ListToolbar(props: {
  search: string
  onSearch: (value: string) => void
  placeholder: string
  children?: ComponentChildren
}) {
  return (
    <div class="toolbar">
      <input
        type="search"
        class="search"
        placeholder={props.placeholder}
        aria-label={props.placeholder}
        value={props.search}
        onInput={bind(props.onSearch)}
      />
      {props.children}
    </div>
  )
}

/** "Page N of M" (M unknown while a search still scans) with Previous and Next. */
export function Pager(props: {
  page: number
  pageCount?: number
  hasPrevious: boolean
  hasNext: boolean
  onPrevious: () => void
  onNext: () => void
  summary?: ComponentChildren
}) {
  return (
    <div class="pager">
      <span class="muted" data-testid="pager-status">
        Page {props.page}
        {props.pageCount === undefined ? '' : ` of ${props.pageCount}`}
        {props.summary === undefined ? '' : <> · {props.summary}</>}
      </span>
      <button
        type="button"
        class="button button-small"
        disabled={!props.hasPrevious}
        onClick={props.onPrevious}
      >
        ‹ Previous
      </button>
      <button type="button" class="button button-small" disabled={!props.hasNext} onClick={props.onNext}>
        Next ›
      </button>
    </div>
  )
}

/** Case-insensitive: does any of the texts contain the search? */
export function containsSearch(needle: string, ...texts: (string | undefined)[]): boolean {
  const lower = needle.trim().toLowerCase()
  return lower === '' || texts.some((text) => text?.toLowerCase().includes(lower) ?? false)
}

export interface ListView<T> {
  search: string
  setSearch: (value: string) => void
  /** The rows of the current page. */
  rows: T[]
  /** How many rows match the search, over every page. */
  matching: number
  pager: {
    page: number
    pageCount: number
    hasPrevious: boolean
    hasNext: boolean
    onPrevious: () => void
    onNext: () => void
  }
}

/**
 * Search and paging over a list the page holds whole (stores, functions, distributions, edges,
 * revisions): `text(row)` gives what the search looks in. A new search goes back to page 1.
 */
export function useListView<T>(
  items: readonly T[] | undefined,
  text: (row: T) => (string | undefined)[],
  pageSize = DEFAULT_PAGE_SIZE,
): ListView<T> {
  const [search, setSearch] = useState('')
  const [page, setPage] = useState(1)
  useEffect(() => setPage(1), [search])
  const matches = useMemo(
    () => (items ?? []).filter((row) => containsSearch(search, ...text(row))),
    [items, search],
  )
  const pageCount = Math.max(1, Math.ceil(matches.length / pageSize))
  const current = Math.min(page, pageCount)
  return {
    search,
    setSearch,
    rows: matches.slice((current - 1) * pageSize, current * pageSize),
    matching: matches.length,
    pager: {
      page: current,
      pageCount,
      hasPrevious: current > 1,
      hasNext: current < pageCount,
      onPrevious: () => setPage(current - 1),
      onNext: () => setPage(current + 1),
    },
  }
}

/** `1 store`, `2 stores`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
