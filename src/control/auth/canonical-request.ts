import { createHash } from 'node:crypto'

/**
 * The canonical request of SigV4 and SigV4A (AWS SigV4 documentation), rebuilt from what arrived
 * on the wire exactly as `@smithy/signature-v4`'s `SignatureV4Base` builds it on the client.
 */

/** One query parameter, percent-decoded. Repeated keys appear once per occurrence. */
export type QueryParam = readonly [key: string, value: string]

/** Header values as node's `req.headers` or `req.headersDistinct` present them. */
export type HeaderValue = string | readonly string[] | undefined

/** `encodeURIComponent` plus `!'()*` as `%XX`: the SDK's `escapeUri` (RFC 3986 unreserved kept). */
export function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

/** Splits `req.url` into the raw path and raw query. An absolute-form target keeps only its path. */
export function splitRawUrl(rawUrl: string): { path: string; query: string } {
  const target = rawUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '')
  const hash = target.indexOf('#')
  const withoutFragment = hash === -1 ? target : target.slice(0, hash)
  const mark = withoutFragment.indexOf('?')
  if (mark === -1) return { path: withoutFragment || '/', query: '' }
  return { path: withoutFragment.slice(0, mark) || '/', query: withoutFragment.slice(mark + 1) }
}

/**
 * The canonical URI: the path as sent (already percent-encoded by the client), with empty and
 * `.` segments dropped and `..` resolved, keeping a leading and trailing `/`; then escaped a
 * second time, with `%2F` turned back into `/`. So `%3A` is signed as `%253A`.
 */
export function canonicalUri(path: string): string {
  const segments: string[] = []
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  const leading = path.startsWith('/') ? '/' : ''
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : ''
  return escapeUri(`${leading}${segments.join('/')}${trailing}`).replace(/%2F/g, '/')
}

/**
 * Parses a raw query string into decoded pairs. `a` (no `=`) is `a` with an empty value, as
 * AWS canonicalises it; a component that is not valid percent-encoding is kept as it came.
 */
export function parseQuery(rawQuery: string): QueryParam[] {
  const params: QueryParam[] = []
  if (rawQuery === '') return params
  for (const part of rawQuery.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const key = eq === -1 ? part : part.slice(0, eq)
    const value = eq === -1 ? '' : part.slice(eq + 1)
    params.push([decodeComponent(key), decodeComponent(value)])
  }
  return params
}

function decodeComponent(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/**
 * The canonical query: keys and values escaped, keys sorted, a repeated key's `k=v` pairs
 * sorted, `X-Amz-Signature` (any case) left out.
 */
export function canonicalQuery(params: readonly QueryParam[]): string {
  const byKey = new Map<string, string[]>()
  for (const [key, value] of params) {
    if (key.toLowerCase() === 'x-amz-signature') continue
    const encodedKey = escapeUri(key)
    const pair = `${encodedKey}=${escapeUri(value)}`
    const pairs = byKey.get(encodedKey)
    if (pairs) pairs.push(pair)
    else byKey.set(encodedKey, [pair])
  }
  return [...byKey.keys()]
    .sort()
    .map((key) => (byKey.get(key) ?? []).sort().join('&'))
    .join('&')
}

/** Lowercases header names once, merging values whose names differ only in case. */
export function normalizeHeaders(headers: Record<string, HeaderValue>): Map<string, string[]> {
  const normalized = new Map<string, string[]>()
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const values = typeof value === 'string' ? [value] : [...value]
    const lower = name.toLowerCase()
    const existing = normalized.get(lower)
    if (existing) existing.push(...values)
    else normalized.set(lower, values)
  }
  return normalized
}

/** A header's canonical value: each value trimmed with whitespace runs collapsed, joined with `,`. */
export function canonicalHeaderValue(values: readonly string[]): string {
  return values
    .map((value) =>
      value
        .replace(/[\r\n]/g, ' ')
        .replace(/[ \t]+/g, ' ')
        .replace(/^ | $/g, ''),
    )
    .join(',')
}

export interface CanonicalRequestParts {
  method: string
  canonicalUri: string
  canonicalQuery: string
  /** `name:value` lines, in `SignedHeaders` order. */
  canonicalHeaders: readonly string[]
  signedHeaders: string
  payloadHash: string
}

export function buildCanonicalRequest(parts: CanonicalRequestParts): string {
  return (
    `${parts.method}\n${parts.canonicalUri}\n${parts.canonicalQuery}\n` +
    `${parts.canonicalHeaders.join('\n')}\n\n${parts.signedHeaders}\n${parts.payloadHash}`
  )
}

/** The string both algorithms sign: algorithm, request date, scope, hex SHA-256 of the canonical request. */
export function buildStringToSign(
  algorithm: string,
  amzDate: string,
  scope: string,
  canonicalRequest: string,
): string {
  return `${algorithm}\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}
