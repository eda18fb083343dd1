import { splitRawPath } from './api-types.js'

/** A request target the control plane can route: origin-form, parsed once. */
export interface RequestTarget {
  /** The path as received, before `?`. */
  rawPath: string
  /** The query as received, after the first `?` ('' when absent). */
  rawQuery: string
  /** The path split on `/` and each segment percent-decoded, without the leading empty one. */
  segments: string[]
}

export type TargetParse = { ok: true; target: RequestTarget } | { ok: false; message: string }

/** Request targets longer than this are refused; Node's header limit (16 KiB) already bounds them. */
export const MAX_TARGET_LENGTH = 16 * 1024

// Printable ASCII only: HTTP/1.1 request targets carry no spaces, controls or raw non-ASCII.
const TARGET_CHARS = /^[\x21-\x7e]*$/

/**
 * Parses `req.url` without ever throwing. Only origin-form targets (`/path?query`, RFC 9112
 * section 3.2.1) are routed: absolute-form, authority-form and `*` are refused, and so are a
 * leading `//` (read by URL parsers as a host, the form that used to crash the sync routes),
 * a backslash (which WHATWG URL parsers turn into `/`), controls, spaces and raw non-ASCII,
 * a `#`, and a path whose percent-encoding is not valid UTF-8.
 */
export function parseRequestTarget(url: string | undefined): TargetParse {
  const raw = url ?? ''
  if (raw.length === 0 || raw[0] !== '/')
    return refused('The request target must be a path that begins with "/".')
  if (raw.length > MAX_TARGET_LENGTH)
    return refused(`The request target is longer than ${MAX_TARGET_LENGTH} characters.`)
  if (!TARGET_CHARS.test(raw)) return refused('The request target has characters HTTP does not allow there.')
  if (raw.startsWith('//')) return refused('The request path must not begin with "//".')
  if (raw.includes('\\') || raw.includes('#'))
    return refused('The request target must not contain "\\" or "#".')
  const queryAt = raw.indexOf('?')
  const rawPath = queryAt === -1 ? raw : raw.slice(0, queryAt)
  const rawQuery = queryAt === -1 ? '' : raw.slice(queryAt + 1)
  const segments = splitRawPath(rawPath)
  if (segments === undefined) return refused('The request path is not valid percent-encoding.')
  return { ok: true, target: { rawPath, rawQuery, segments } }
}

/** The first raw path segment (`2020-05-31`, `key-value-stores` …), to pick an error shape. */
export function firstRawSegment(url: string | undefined): string {
  const raw = url ?? ''
  const end = raw.slice(1).search(/[/?]/)
  return raw.startsWith('/') ? raw.slice(1, end === -1 ? undefined : end + 1) : ''
}

function refused(message: string): TargetParse {
  return { ok: false, message }
}
