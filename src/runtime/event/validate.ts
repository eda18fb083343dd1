import { bodyProblem } from './body.js'
import { describeValue, EventError } from './errors.js'
import { BODY_FRAMING_HEADERS, headerValueProblem, READ_ONLY_HEADERS } from './header-rules.js'
import type { CfEvent, CfRequestOutput, CfResponse, CheckedOutput, EventType } from './types.js'
import { cookiesProblem, headersProblem, queryProblem } from './validate-fields.js'

/** URI plus query string must stay under this many characters ('Restrictions on edge functions'). */
export const MAX_URI_AND_QUERY_CHARS = 8192

/**
 * Why `value` is not a response status code, or null: an integer 200..599, not a string
 * (docs/compatibility.md). A 1xx is informational in HTTP, never a final response: written as
 * one it left the viewer waiting for the real answer.
 */
export function statusCodeProblem(value: unknown): string | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 200 && value <= 599) return null
  return `response.statusCode must be an integer from 200 to 599; got ${describeValue(value)}`
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

function invalid(message: string): never {
  throw new EventError('InvalidOutput', message)
}

// Missing collections default to {} (TestFunction's output shows `cookies: {}` added).
function defaultRecord(target: Record<string, unknown>, key: string, where: string): void {
  const value = target[key]
  if (value === undefined) target[key] = {}
  else if (!isRecord(value)) invalid(`${where}.${key} must be an object; got ${describeValue(value)}`)
}

function checkResponse(value: Record<string, unknown>): CfResponse {
  const problem = statusCodeProblem(value.statusCode)
  if (problem !== null) invalid(problem)
  const description = value.statusDescription
  if (description !== undefined && typeof description !== 'string') {
    invalid(`response.statusDescription must be a string; got ${describeValue(description)}`)
  }
  defaultRecord(value, 'headers', 'response')
  defaultRecord(value, 'cookies', 'response')
  return value as unknown as CfResponse
}

function checkRequest(value: Record<string, unknown>): CfRequestOutput {
  if (typeof value.uri !== 'string') invalid(`request.uri must be a string; got ${describeValue(value.uri)}`)
  if (value.method !== undefined && typeof value.method !== 'string') {
    invalid(`request.method must be a string; got ${describeValue(value.method)}`)
  }
  if (typeof value.querystring !== 'string') defaultRecord(value, 'querystring', 'request')
  defaultRecord(value, 'headers', 'request')
  defaultRecord(value, 'cookies', 'request')
  return value as unknown as CfRequestOutput
}

/**
 * The structural check of what a handler returned, for TestFunction and
 * the edge alike. viewer-request: a request (has `uri` or `method`) or a response (has
 * `statusCode`, which wins when both are present); viewer-response: a response. Missing
 * `headers`, `cookies` and `querystring` are set to `{}` on `value` itself. Throws
 * `EventError('InvalidOutput')` naming the problem.
 */
export function checkOutputShape(eventType: EventType, value: unknown): CheckedOutput {
  const expected =
    eventType === 'viewer-request'
      ? 'it must return the request or a response object'
      : 'it must return the response object'
  if (!isRecord(value)) invalid(`The function returned ${describeValue(value)}; ${expected}`)
  if (value.statusCode !== undefined) return { kind: 'response', response: checkResponse(value) }
  if (eventType === 'viewer-response') {
    invalid(
      value.uri !== undefined
        ? 'A viewer-response function must return the response object; the function returned a request'
        : 'The function returned an object without statusCode; it must return the response object',
    )
  }
  if (value.uri === undefined && value.method === undefined) {
    invalid(
      'The function returned an object that is neither a request (with uri and method) nor a response (with statusCode)',
    )
  }
  return { kind: 'request', request: checkRequest(value) }
}

function requestProblem(original: CfEvent, out: CfRequestOutput): string | null {
  const orig = original.request
  if (out.method !== undefined && out.method !== orig.method) {
    return `request.method is read-only: the function changed it from ${JSON.stringify(orig.method)} to ${JSON.stringify(out.method)}`
  }
  // A new uri must begin with "/".
  if (out.uri.charCodeAt(0) !== 0x2f) return `request.uri must begin with "/"; got ${JSON.stringify(out.uri)}`
  const query = queryProblem(orig.querystring, out.querystring)
  if ('problem' in query) return query.problem
  const total = out.uri.length + (query.length > 0 ? query.length + 1 : 0)
  if (total >= MAX_URI_AND_QUERY_CHARS) {
    return `The URI plus query string is ${total} characters; it must be under ${MAX_URI_AND_QUERY_CHARS}`
  }
  const headers = headersProblem(
    'request.headers',
    orig.headers,
    out.headers,
    READ_ONLY_HEADERS['viewer-request'],
  )
  if (headers !== null) return headers
  return cookiesProblem('request.cookies', orig.cookies, out.cookies)
}

function responseProblem(eventType: EventType, original: CfEvent, out: CfResponse): string | null {
  if (out.statusDescription !== undefined) {
    const problem = headerValueProblem(out.statusDescription)
    if (problem !== null) return `response.statusDescription ${problem}`
  }
  const body = bodyProblem(out.body)
  if (body !== null) return body
  // A response generated in viewer-request has no original, so Verge holds nothing read-only
  // there; the framing headers of a replaced body may be aligned (AWS's event structure).
  const orig = eventType === 'viewer-response' ? original.response : undefined
  let readOnly: readonly string[] = []
  if (orig !== undefined) {
    readOnly = READ_ONLY_HEADERS['viewer-response']
    if (out.body !== undefined) readOnly = readOnly.filter((name) => !BODY_FRAMING_HEADERS.includes(name))
  }
  const headers = headersProblem('response.headers', orig?.headers ?? {}, out.headers, readOnly)
  if (headers !== null) return headers
  return cookiesProblem('response.cookies', orig?.cookies ?? {}, out.cookies)
}

/**
 * The production rules for a checked output ('Restrictions on edge functions'): read-only `method`, `uri`
 * beginning with `/`, query without spaces, control characters or `#`, URI plus query under
 * 8,192 characters, lowercase header names, sendable header values, no disallowed header added,
 * no read-only header added, changed or removed, valid `body`. Returns the first problem as a
 * message, or null. `invokeFunction` applies them to every run: the edge answers a problem with
 * a 502, TestFunction reports it as `FunctionErrorMessage`.
 */
export function validateForViewer(
  eventType: EventType,
  original: CfEvent,
  output: CheckedOutput,
): string | null {
  return output.kind === 'request'
    ? requestProblem(original, output.request)
    : responseProblem(eventType, original, output.response)
}
