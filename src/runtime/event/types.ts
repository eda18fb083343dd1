/**
 * The CloudFront Functions event object and what a handler returns, with AWS's names
 * ('CloudFront Functions event structure'). Plain JSON data: the event crosses into the sandbox as JSON.
 */

/** The two viewer events a function can run on. */
export type EventType = 'viewer-request' | 'viewer-response'

/** One entry of a `multiValue` array. */
export interface MultiValueEntry {
  value: string
}

/**
 * A query string parameter, header or request cookie. `multiValue` is present only when the
 * name was repeated, and then lists every value, the first included.
 */
export interface ValueField {
  value: string
  multiValue?: MultiValueEntry[]
}

/** One entry of a response cookie's `multiValue` array. */
export interface ResponseCookieEntry {
  value: string
  /** Everything after the first `;` of the `Set-Cookie` header: `"Secure; Path=/"`. */
  attributes?: string
}

/** A response cookie (a `Set-Cookie` header). */
export interface ResponseCookieValue {
  value: string
  attributes?: string
  multiValue?: ResponseCookieEntry[]
}

/** `event.request`: the viewer's request, or what a viewer-request function returns. */
export interface CfRequest {
  method: string
  /** The path as received, percent-encoding kept, without the query. */
  uri: string
  querystring: Record<string, ValueField>
  /** Lowercase names; `Cookie` headers are in `cookies` instead. */
  headers: Record<string, ValueField>
  cookies: Record<string, ValueField>
}

/**
 * A request as a function may return it: the query may also be a string (`"a=1&b=2"`), as in
 * AWS's own "normalize query string parameters" example.
 */
export interface CfRequestOutput extends Omit<CfRequest, 'querystring' | 'method'> {
  /** Read-only: absent means unchanged. */
  method?: string
  querystring: Record<string, ValueField> | string
}

/** A body a function sets: text, or base64 that the edge decodes. */
export interface CfResponseBody {
  encoding: 'text' | 'base64'
  data: string
}

/** `event.response` in viewer-response events, or a response a function returns. */
export interface CfResponse {
  statusCode: number
  statusDescription?: string
  /** Lowercase names; `Set-Cookie` headers are in `cookies` instead. */
  headers: Record<string, ValueField>
  cookies: Record<string, ResponseCookieValue>
  /** Present only when the function sets it; a string is the text shortcut. */
  body?: string | CfResponseBody
}

/** `event.context`. Test events may carry only `eventType`. */
export interface CfEventContext {
  distributionDomainName?: string
  endpoint?: string
  distributionId?: string
  eventType: EventType
  requestId?: string
}

/** The object a handler receives. */
export interface CfEvent {
  version: '1.0'
  context: CfEventContext
  viewer: { ip: string }
  request: CfRequest
  /** Present in viewer-response events. */
  response?: CfResponse
}

/** What a handler returned, once its shape has been checked (see `checkOutputShape`). */
export type CheckedOutput =
  | { kind: 'request'; request: CfRequestOutput }
  | { kind: 'response'; response: CfResponse }
