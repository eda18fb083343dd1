import { STATUS_CODES } from 'node:http'
import type { AppliedRequest } from './apply.js'
import { parseCookieHeader, parseSetCookie } from './cookies.js'
import { addValue } from './fields.js'
import { isDisallowedHeader } from './header-rules.js'
import { parseQueryString, rememberRawQuery } from './query.js'
import type {
  CfEvent,
  CfEventContext,
  CfRequest,
  CfResponse,
  EventType,
  ResponseCookieValue,
  ValueField,
} from './types.js'

export { normalizeTestEvent } from './normalize.js'

/** A viewer request as the edge received it. */
export interface ViewerRequestInput {
  method: string
  /** The request target as received: path, then `?` and the raw query if any. */
  url: string
  /** Node's flat `[name, value, name, value, ...]`, names in any case. */
  rawHeaders: readonly string[]
  clientIp: string
}

/** What the edge knows about the event besides the request. */
export interface EventContextInput {
  eventType: EventType
  distributionDomainName?: string
  endpoint?: string
  distributionId?: string
  requestId?: string
}

/** What the edge got from the cache or the origin. */
export interface OriginResponseInput {
  statusCode: number
  statusMessage?: string
  rawHeaders: readonly string[]
}

// "http://host/path?q" (absolute-form, sent to proxies): the scheme and authority are not part
// of the uri.
const ABSOLUTE_FORM = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/

function pathOf(url: string, end: number): string {
  if (url.charCodeAt(0) === 0x2f) return url.slice(0, end)
  const authority = ABSOLUTE_FORM.exec(url)
  if (authority === null) return url.slice(0, end)
  const start = authority[0].length
  return start >= end ? '/' : url.slice(start, end)
}

function contextOf(input: EventContextInput): CfEventContext {
  // Only the fields the edge knows, in the order of AWS's example event.
  const context = {} as CfEventContext
  if (input.distributionDomainName !== undefined)
    context.distributionDomainName = input.distributionDomainName
  if (input.endpoint !== undefined) context.endpoint = input.endpoint
  if (input.distributionId !== undefined) context.distributionId = input.distributionId
  context.eventType = input.eventType
  if (input.requestId !== undefined) context.requestId = input.requestId
  return context
}

/**
 * The event for a viewer request ('CloudFront Functions event structure'). Header names are
 * lowercased, repeated names collapse into `multiValue`, a comma list stays one value, `Cookie`
 * headers become `cookies`, and disallowed headers are left out. `uri` and the query keep the
 * viewer's percent-encoding (docs/compatibility.md); a `#fragment` is dropped.
 */
export function buildRequestEvent(input: ViewerRequestInput, context: EventContextInput): CfEvent {
  // A fragment never reaches CloudFront from a browser; drop one if a client sent it.
  const hash = input.url.indexOf('#')
  const target = hash === -1 ? input.url : input.url.slice(0, hash)
  const q = target.indexOf('?')
  const rawQuery = q === -1 ? undefined : target.slice(q + 1)

  const headers: Record<string, ValueField> = {}
  const cookies: Record<string, ValueField> = {}
  const raw = input.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase()
    const value = raw[i + 1]!
    if (name === 'cookie') parseCookieHeader(value, cookies)
    else if (!isDisallowedHeader(name)) addValue(headers, name, value)
  }

  const request: CfRequest = {
    method: input.method,
    uri: pathOf(target, q === -1 ? target.length : q),
    querystring: rawQuery === undefined ? {} : parseQueryString(rawQuery),
    headers,
    cookies,
  }
  if (rawQuery !== undefined) rememberRawQuery(request, rawQuery)
  return { version: '1.0', context: contextOf(context), viewer: { ip: input.clientIp }, request }
}

/**
 * `original` with the request a viewer-request function returned, as the edge applied it
 * (`applyRequest`): its headers, cookies, query and uri, read back into the event model the way
 * a viewer's request is. The viewer-response event is built on it: CloudFront's A/B-testing
 * example reads in viewer-response a header its viewer-request function added.
 */
export function requestEventAfterFunction(original: CfEvent, applied: AppliedRequest): CfEvent {
  const rawHeaders: string[] = []
  for (const [name, value] of applied.headers) rawHeaders.push(name, value)
  const { request } = buildRequestEvent(
    { method: applied.method, url: applied.path, rawHeaders, clientIp: original.viewer.ip },
    { eventType: 'viewer-request' },
  )
  return { ...original, request }
}

/**
 * The viewer-response event: `requestEvent`'s context and request (shared, not copied) plus the
 * origin's response. Header names are lowercased, `Set-Cookie` headers become `cookies` with
 * `attributes`, and disallowed headers are left out. A missing status message is the standard
 * reason phrase.
 */
export function buildResponseEvent(requestEvent: CfEvent, origin: OriginResponseInput): CfEvent {
  const headers: Record<string, ValueField> = {}
  const cookies: Record<string, ResponseCookieValue> = {}
  const raw = origin.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase()
    const value = raw[i + 1]!
    if (name === 'set-cookie') parseSetCookie(value, cookies)
    else if (!isDisallowedHeader(name)) addValue(headers, name, value)
  }
  const statusCode = origin.statusCode
  const description = origin.statusMessage || STATUS_CODES[statusCode]
  // AWS's key order: statusCode, statusDescription, headers, cookies.
  const response: CfResponse =
    description === undefined
      ? { statusCode, headers, cookies }
      : { statusCode, statusDescription: description, headers, cookies }
  return {
    version: '1.0',
    context: { ...requestEvent.context, eventType: 'viewer-response' },
    viewer: requestEvent.viewer,
    request: requestEvent.request,
    response,
  }
}
