import { describeValue, EventError } from './errors.js'
import type { CfEvent } from './types.js'

type Json = Record<string, unknown>

const isRecord = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

function invalid(message: string): never {
  throw new EventError('InvalidEvent', message)
}

/** `source[key]` as an object, `{}` when missing. */
function recordOr(source: Json, key: string, where: string): Json {
  const value = source[key]
  if (value === undefined) return {}
  if (!isRecord(value)) invalid(`${where}.${key} must be an object; got ${describeValue(value)}`)
  return value
}

function requestOf(event: Json): Json {
  const request = event.request
  if (!isRecord(request))
    invalid(`The test event must have a "request" object; got ${describeValue(request)}`)
  if (typeof request.method !== 'string') {
    invalid(`request.method must be a string; got ${describeValue(request.method)}`)
  }
  if (typeof request.uri !== 'string')
    invalid(`request.uri must be a string; got ${describeValue(request.uri)}`)
  return {
    ...request,
    querystring: recordOr(request, 'querystring', 'request'),
    headers: recordOr(request, 'headers', 'request'),
    cookies: recordOr(request, 'cookies', 'request'),
  }
}

function responseOf(response: unknown): Json {
  if (!isRecord(response)) {
    invalid(`A viewer-response test event must have a "response" object; got ${describeValue(response)}`)
  }
  const code = response.statusCode
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 100 || code > 599) {
    invalid(`response.statusCode must be an integer from 100 to 599; got ${describeValue(code)}`)
  }
  return {
    ...response,
    headers: recordOr(response, 'headers', 'response'),
    cookies: recordOr(response, 'cookies', 'response'),
  }
}

/**
 * A TestFunction `EventObject` (already parsed from JSON) as a complete event ('Test functions'):
 * `version` defaults to "1.0", a missing `querystring`, `headers` or `cookies` to `{}`, a
 * missing `viewer` to `{ip: ""}`. Requires `context.eventType`, `request.method` and
 * `request.uri`, and `response.statusCode` for viewer-response. Other fields pass through as
 * given; names are not lowercased. Throws `EventError('InvalidEvent')` naming the problem.
 */
export function normalizeTestEvent(obj: unknown): CfEvent {
  if (!isRecord(obj)) invalid(`The test event must be a JSON object; got ${describeValue(obj)}`)
  if (obj.version !== undefined && obj.version !== '1.0') {
    invalid(`version must be "1.0"; got ${describeValue(obj.version)}`)
  }
  const context = obj.context
  if (!isRecord(context))
    invalid(`The test event must have a "context" object; got ${describeValue(context)}`)
  const eventType = context.eventType
  if (eventType !== 'viewer-request' && eventType !== 'viewer-response') {
    invalid(
      `context.eventType must be "viewer-request" or "viewer-response"; got ${describeValue(eventType)}`,
    )
  }
  const viewer = obj.viewer === undefined ? { ip: '' } : obj.viewer
  if (!isRecord(viewer)) invalid(`viewer must be an object; got ${describeValue(viewer)}`)
  const event: Json = { ...obj, version: '1.0', context, viewer, request: requestOf(obj) }
  if (eventType === 'viewer-response') event.response = responseOf(obj.response)
  return event as unknown as CfEvent
}
