import { firstHeader, type RawHeaders } from '../viewer/headers.js'
import type { CachedResponse } from './cache.js'
import { type CacheCandidate, cacheEntryFor } from './cache-policy.js'

/**
 * The conditional headers that ask the origin whether a stale entry still holds (RFC 9111 4.3.1):
 * `If-None-Match` from its ETag, `If-Modified-Since` from its Last-Modified. Empty when the entry
 * has no validator, or when the viewer sent conditions of its own (those go through untouched).
 */
export function revalidationHeaders(entry: CachedResponse, viewerHeaders: RawHeaders): string[] {
  if (
    firstHeader(viewerHeaders, 'if-none-match') !== undefined ||
    firstHeader(viewerHeaders, 'if-modified-since') !== undefined
  )
    return []
  const out: string[] = []
  const etag = firstHeader(entry.rawHeaders, 'etag')
  if (etag !== undefined) out.push('If-None-Match', etag)
  const lastModified = firstHeader(entry.rawHeaders, 'last-modified')
  if (lastModified !== undefined) out.push('If-Modified-Since', lastModified)
  return out
}

// A 304 updates the stored header fields, except the ones that describe the stored body (RFC 9111 3.2).
const KEPT_FROM_STORED = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'content-range'])

/**
 * The entry after the origin answered a revalidation with 304: the stored body, the stored headers
 * updated by the 304's, freshness recomputed from the new headers. Undefined if the merged
 * response may no longer be cached.
 */
export function refreshedEntry(
  entry: CachedResponse,
  notModifiedHeaders: RawHeaders,
  base: Omit<CacheCandidate, 'statusCode' | 'statusMessage' | 'rawHeaders' | 'body'>,
): CachedResponse | undefined {
  const updated = new Map<string, [string, string][]>()
  for (let i = 0; i + 1 < notModifiedHeaders.length; i += 2) {
    const name = notModifiedHeaders[i]!
    const lower = name.toLowerCase()
    if (KEPT_FROM_STORED.has(lower)) continue
    let list = updated.get(lower)
    if (list === undefined) {
      list = []
      updated.set(lower, list)
    }
    list.push([name, notModifiedHeaders[i + 1]!])
  }
  const merged: string[] = []
  const stored = entry.rawHeaders
  for (let i = 0; i + 1 < stored.length; i += 2) {
    if (!updated.has(stored[i]!.toLowerCase())) merged.push(stored[i]!, stored[i + 1]!)
  }
  for (const list of updated.values()) for (const [name, value] of list) merged.push(name, value)
  return cacheEntryFor({
    ...base,
    statusCode: entry.statusCode,
    statusMessage: entry.statusMessage,
    rawHeaders: merged,
    body: entry.body,
  })
}
