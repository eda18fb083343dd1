import type { IncomingHttpHeaders } from 'node:http'

/** A request as an API handler sees it: already read, so handlers run without a socket. */
export interface ApiRequest {
  method: string
  /** `req.url` as received, for signature checks. */
  rawUrl: string
  /** The path split on `/` and each segment percent-decoded, without the leading empty one. */
  segments: string[]
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: Uint8Array
  /** The client's address, as the socket has it (the console throttles sign-ins by it). */
  remoteAddress?: string
  /** Set by the mount once a route matched: `METHOD path-pattern`, for the metrics. */
  operation?: string
  /** The request came over TLS to this process (the control plane serves HTTPS). */
  encrypted?: boolean
}

export interface ApiResponse {
  status: number
  headers?: Record<string, string>
  body?: string | Uint8Array
  /**
   * Instead of `body`: the response's chunks, written as they come (server-sent events), until
   * the iterable ends or `signal` aborts (the client left, or the server is closing).
   */
  stream?: (signal: AbortSignal) => AsyncIterable<string>
}

export type ApiHandler = (request: ApiRequest) => Promise<ApiResponse>

/**
 * One API mounted under a first path segment (`key-value-stores`, later `2020-05-31` for the
 * CloudFront REST-XML API and `admin` for the console's JSON).
 */
export interface ApiMount {
  /** The first path segment, as sent (raw). */
  prefix: string
  /** Request bodies above this are refused with `malformed()`. */
  maxBodyBytes: number
  handle: ApiHandler
  /** The response for a body over `maxBodyBytes`, or a path that cannot be decoded. */
  malformed(message: string): ApiResponse
  /** The response when a handler failed unexpectedly (a 5xx in the API's own error shape). */
  internalError(): ApiResponse
}

/**
 * Splits a raw path on `/`, then percent-decodes each segment, so an encoded `%2F` stays
 * inside its segment. `undefined` when a segment is not valid encoding.
 */
export function splitRawPath(rawPath: string): string[] | undefined {
  const parts = rawPath.split('/').slice(1)
  try {
    return parts.map((part) => decodeURIComponent(part))
  } catch {
    return undefined
  }
}
