import { decodeBody } from './body.js'
import { serializeRequestCookies, serializeSetCookies } from './cookies.js'
import { type LooseField, own, resolveEntries } from './fields.js'
import {
  encodePath,
  encodeQueryString,
  recordedRawQuery,
  sameQueryObject,
  serializeQueryObject,
} from './query.js'
import type { CfEvent, CfRequestOutput, CfResponse, ValueField } from './types.js'

/** The request the edge forwards (to its cache and the origin) after a viewer-request function. */
export interface AppliedRequest {
  /** Always the viewer's method: `method` is read-only. */
  method: string
  /** `uri`, then `?` and the query if there is one. */
  path: string
  /** Names as `Example-Header-Name`; cookies in one `Cookie` header, last. */
  headers: [string, string][]
}

/** The response the edge sends to the viewer after a function. */
export interface AppliedResponse {
  statusCode: number
  /** Undefined: the edge uses the standard reason phrase. */
  statusMessage?: string
  /** Names as `Example-Header-Name`; one `Set-Cookie` per cookie value. */
  headers: [string, string][]
  /** Undefined: pass the origin's body through. */
  body?: Uint8Array
}

const formatted = new Map<string, string>()
const MAX_FORMATTED = 1024

/** `example-header-name` → `Example-Header-Name`. */
export function formatHeaderName(name: string): string {
  const cached = formatted.get(name)
  if (cached !== undefined) return cached
  let out = ''
  let start = 0
  while (start <= name.length) {
    let end = name.indexOf('-', start)
    if (end === -1) end = name.length
    if (start > 0) out += '-'
    if (end > start) out += name.charAt(start).toUpperCase() + name.slice(start + 1, end)
    start = end + 1
  }
  // Bounded: arbitrary names from the wire must not grow it forever.
  if (formatted.size < MAX_FORMATTED) formatted.set(name, out)
  return out
}

/**
 * Adds the resolved values of every header field. `skip` names a header handled elsewhere
 * (`cookie`); `reframe` leaves out the framing headers the edge sets for a new body.
 */
function pushHeaders(
  orig: Record<string, ValueField>,
  out: Record<string, ValueField>,
  target: [string, string][],
  skip: string | undefined,
  reframe: boolean,
): void {
  for (const name of Object.keys(out)) {
    const field = own<LooseField>(out, name)
    if (field === undefined || field === null || name === skip) continue
    if (reframe && (name === 'content-length' || name === 'transfer-encoding')) continue
    const headerName = formatHeaderName(name)
    for (const entry of resolveEntries(own(orig, name), field)) target.push([headerName, String(entry.value)])
  }
}

function pathOf(original: CfEvent, out: CfRequestOutput): string {
  const orig = original.request
  // An unchanged uri goes out exactly as received; a new one is percent-encoded where needed.
  const path = out.uri === orig.uri ? out.uri : encodePath(out.uri)
  const query = out.querystring
  if (typeof query === 'string') {
    const text = query.charCodeAt(0) === 0x3f ? query.slice(1) : query
    return text.length === 0 ? path : `${path}?${encodeQueryString(text)}`
  }
  const raw = recordedRawQuery(orig)
  // An unchanged query goes out as received (order, `+`, `a` vs `a=`), including `/page?`.
  if (raw !== undefined && sameQueryObject(orig.querystring, query)) return `${path}?${raw}`
  const serialized = serializeQueryObject(orig.querystring, query)
  return serialized.length === 0 ? path : `${path}?${serialized}`
}

/**
 * Turns the request a viewer-request function returned into what the edge forwards, with the
 * value/multiValue rules of AWS's event structure against `original`: a modified `multiValue` wins;
 * otherwise a changed `value` replaces the first value and later values stay; deleted fields are
 * gone. Call `validateForViewer` first.
 */
export function applyRequest(original: CfEvent, out: CfRequestOutput): AppliedRequest {
  const orig = original.request
  const headers: [string, string][] = []
  pushHeaders(orig.headers, out.headers, headers, 'cookie', false)
  let cookie = serializeRequestCookies(orig.cookies, out.cookies)
  // A "cookie" header the function set joins the cookies in the one Cookie header.
  const cookieField = own<LooseField>(out.headers, 'cookie')
  if (cookieField !== undefined && cookieField !== null) {
    for (const entry of resolveEntries(own(orig.headers, 'cookie'), cookieField)) {
      cookie = cookie.length === 0 ? String(entry.value) : `${cookie}; ${String(entry.value)}`
    }
  }
  if (cookie.length > 0) headers.push(['Cookie', cookie])
  return { method: orig.method, path: pathOf(original, out), headers }
}

/**
 * Turns the response a function returned into what the edge sends, with the same value rules.
 * Cookies become one `Set-Cookie` header per value (`name=value; attributes`). A `body` becomes
 * bytes (text as UTF-8, base64 decoded, `""` empty); then, and for any response a viewer-request
 * function generated, `Content-Length` and `Transfer-Encoding` are left out for the edge to set.
 * A generated response without a body gets an empty one. `statusMessage` is the function's
 * `statusDescription`, unless it changed the status code and left the old description.
 */
export function applyResponse(original: CfEvent, out: CfResponse): AppliedResponse {
  const generated = original.context.eventType === 'viewer-request'
  const orig = generated ? undefined : original.response
  const reframe = generated || out.body !== undefined
  const headers: [string, string][] = []
  pushHeaders(orig?.headers ?? {}, out.headers, headers, undefined, reframe)
  serializeSetCookies(orig?.cookies ?? {}, out.cookies, headers)
  let statusMessage = out.statusDescription
  if (orig !== undefined && out.statusCode !== orig.statusCode && statusMessage === orig.statusDescription) {
    statusMessage = undefined
  }
  const result: AppliedResponse = { statusCode: out.statusCode, headers }
  if (statusMessage !== undefined) result.statusMessage = statusMessage
  if (out.body !== undefined) result.body = decodeBody(out.body)
  else if (generated) result.body = new Uint8Array(0)
  return result
}
