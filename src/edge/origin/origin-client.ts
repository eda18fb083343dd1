import type { Readable } from 'node:stream'
import { Agent } from 'undici'
import type { RawHeaders } from '../viewer/headers.js'
import { OriginError } from './origin-errors.js'
import type { OriginGroupTarget, OriginTarget } from './origin-target.js'

/**
 * A body streamed from the viewer: read once, as the origin connection takes it. Until a chunk
 * has been asked for (`started`), the request can still be sent elsewhere.
 */
export interface OriginRequestBody {
  /** The length the viewer declared; none means chunked. */
  readonly length: number | undefined
  readonly started: boolean
  chunks(): AsyncIterable<Uint8Array>
}

/** A request to forward to an origin, after the viewer-request function. */
export interface OriginRequest {
  method: string
  /** The uri, then `?` and the forwarded query if any; `OriginPath` is prefixed here. */
  path: string
  /** The viewer's headers as the function left them; hop-by-hop headers and Host are dropped here. */
  headers: RawHeaders
  /** Held in memory (small, or none) or streamed from the viewer. */
  body: Uint8Array | OriginRequestBody | undefined
  clientIp: string
  /** How the viewer reached the edge: sent as `X-Forwarded-Proto`. */
  viewerProtocol: 'http' | 'https'
  /** Sent as `X-Amz-Cf-Id`, as CloudFront does. */
  requestId: string
  /** This edge's `Via` entry: `1.1 <id>.verge (Verge)`. */
  via: string
}

/** The origin's answer, body read in full. */
export interface OriginResponse {
  statusCode: number
  statusMessage: string
  /** Names as the origin sent them. */
  rawHeaders: string[]
  body: Uint8Array
  /** The origin that answered (the secondary after a failover). */
  originId: string
}

export interface OriginClientOptions {
  /** Verify origin TLS certificates (default true); a test CA goes in `ca`. */
  rejectUnauthorized?: boolean
  ca?: string | Buffer
  /** Concurrent connections per origin (default unlimited, as undici). */
  connectionsPerOrigin?: number
}

// RFC 9110 7.6.1 hop-by-hop headers, plus the ones the edge sets itself.
const DROPPED_REQUEST_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'x-forwarded-for',
  // The edge says how the viewer came; what a viewer claims is dropped (docs/compatibility.md).
  'x-forwarded-proto',
  'cloudfront-forwarded-proto',
  'via',
  'x-amz-cf-id',
  // The edge answers `Expect: 100-continue` itself; undici refuses to send it.
  'expect',
])

// Failures before a byte of the request was sent: safe to retry, ConnectionAttempts counts them.
const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
])

// CloudFront fails over to the secondary origin only for these viewer methods (AWS, "Request and
// response behavior for origin groups").
const FAILOVER_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Whether the body can still be sent (again): in memory, or streamed and not yet started. */
function resendable(body: OriginRequest['body']): boolean {
  return body === undefined || body instanceof Uint8Array || !body.started
}

const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT'])

function errorCode(error: unknown): string {
  if (error === null || typeof error !== 'object') return ''
  const e = error as { code?: unknown; name?: unknown; errors?: unknown[]; cause?: unknown }
  if (e.name === 'TimeoutError') return 'TimeoutError'
  if (typeof e.code === 'string') return e.code
  // autoSelectFamily reports an AggregateError of the per-address failures.
  if (Array.isArray(e.errors) && e.errors.length > 0) return errorCode(e.errors[0])
  return e.cause === undefined ? '' : errorCode(e.cause)
}

/**
 * Sends origin requests over undici with pooled keep-alive connections: one `Agent` per
 * (connection timeout, keep-alive) pair, which keeps one pool per origin host and port.
 */
export class OriginClient {
  readonly #agents = new Map<string, Agent>()
  readonly #options: OriginClientOptions

  constructor(options: OriginClientOptions = {}) {
    this.#options = options
  }

  /**
   * Sends `request` to a target or an origin group. Connect failures are retried up to
   * `connectionAttempts` in all while the body has not started streaming (undici reads a body
   * only once connected, so a failed connection leaves it whole); other failures are not. A group
   * tries the secondary when the primary fails or answers with a failover status (no re-run of
   * functions), for GET, HEAD and OPTIONS only, as CloudFront does, and only while the body can
   * still be sent. Throws `OriginError`.
   */
  async fetch(target: OriginTarget | OriginGroupTarget, request: OriginRequest): Promise<OriginResponse> {
    if (!('primary' in target)) return this.#send(target, request)
    const mayFailOver = () => FAILOVER_METHODS.has(request.method) && resendable(request.body)
    let primary: OriginResponse
    try {
      primary = await this.#send(target.primary, request)
    } catch (error) {
      if (error instanceof OriginError && error.code !== 'InvalidOrigin' && mayFailOver()) {
        return this.#send(target.secondary, request)
      }
      throw error
    }
    if (!target.failoverStatusCodes.has(primary.statusCode) || !mayFailOver()) return primary
    return this.#send(target.secondary, request)
  }

  /** Closes every pooled connection. */
  async close(): Promise<void> {
    const agents = [...this.#agents.values()]
    this.#agents.clear()
    await Promise.all(agents.map((agent) => agent.close()))
  }

  #agent(target: OriginTarget): Agent {
    const key = `${target.connectTimeoutMs}:${target.keepAliveTimeoutMs}`
    let agent = this.#agents.get(key)
    if (agent === undefined) {
      agent = new Agent({
        connect: {
          timeout: target.connectTimeoutMs,
          rejectUnauthorized: this.#options.rejectUnauthorized ?? true,
          ...(this.#options.ca === undefined ? {} : { ca: this.#options.ca }),
        },
        keepAliveTimeout: target.keepAliveTimeoutMs,
        keepAliveMaxTimeout: Math.max(target.keepAliveTimeoutMs, 1000),
        ...(this.#options.connectionsPerOrigin === undefined
          ? {}
          : { connections: this.#options.connectionsPerOrigin }),
      })
      this.#agents.set(key, agent)
    }
    return agent
  }

  async #send(target: OriginTarget, request: OriginRequest): Promise<OriginResponse> {
    const agent = this.#agent(target)
    const origin = `${target.protocol}//${target.domainName}:${target.port}`
    const headers = originHeaders(target, request)
    const body = request.body
    // A streamed body keeps the viewer's framing: its declared length, or chunked.
    if (body !== undefined && !(body instanceof Uint8Array) && body.length !== undefined)
      headers.push('Content-Length', String(body.length))
    const path = target.originPath + request.path
    const attempts = Math.max(1, Math.min(3, Math.floor(target.connectionAttempts)))
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await agent.request({
          origin,
          path,
          method: request.method as 'GET',
          headers,
          body: requestBody(body),
          headersTimeout: target.readTimeoutMs,
          bodyTimeout: target.readTimeoutMs,
          responseHeaders: 'raw',
          signal:
            target.responseCompletionTimeoutMs === undefined
              ? null
              : AbortSignal.timeout(target.responseCompletionTimeoutMs),
        })
        // With responseHeaders 'raw', undici gives the flat [name, value, ...] list.
        const rawHeaders = response.headers as unknown as string[]
        const answer = new Uint8Array(await response.body.arrayBuffer())
        return {
          statusCode: response.statusCode,
          statusMessage: response.statusText,
          rawHeaders,
          body: answer,
          originId: target.originId,
        }
      } catch (error) {
        const code = errorCode(error)
        if (CONNECT_FAILURES.has(code) && attempt < attempts && resendable(body)) continue
        throw toOriginError(code, target, attempt, error)
      }
    }
  }
}

/**
 * What undici sends: a fresh async iterable per attempt for a streamed body (undici destroys a
 * stream body on any failure, and reads an iterable only once connected). undici documents
 * AsyncIterable bodies; its type declarations omit them.
 */
function requestBody(body: OriginRequest['body']): Uint8Array | Readable | null {
  if (body === undefined) return null
  if (body instanceof Uint8Array) return body
  return body.chunks() as unknown as Readable
}

function toOriginError(code: string, target: OriginTarget, attempts: number, cause: unknown): OriginError {
  const where = `origin ${target.originId} (${target.protocol}//${target.domainName}:${target.port})`
  if (TIMEOUTS.has(code) || code === 'TimeoutError') {
    const what =
      code === 'UND_ERR_CONNECT_TIMEOUT'
        ? `no connection within ${target.connectTimeoutMs} ms after ${attempts} attempt(s)`
        : 'the response did not arrive in time'
    return new OriginError('OriginTimeout', `${where}: ${what}`, { cause })
  }
  const detail = cause instanceof Error ? cause.message : String(cause)
  return new OriginError('OriginUnreachable', `${where}: ${code || detail}`, { cause })
}

/**
 * The headers sent to the origin: the viewer's (minus hop-by-hop and the ones set here), then
 * `Host` (the origin's domain or the function's `hostHeader`), the origin's `CustomHeaders`
 * (replacing viewer headers of the same name), `X-Forwarded-For` with the viewer's address
 * appended, `X-Forwarded-Proto` (the viewer's scheme), `Via` with this edge appended, and
 * `X-Amz-Cf-Id`.
 */
export function originHeaders(target: OriginTarget, request: OriginRequest): string[] {
  const out: string[] = []
  let forwardedFor: string | undefined
  let via: string | undefined
  const custom = target.customHeaders
  const raw = request.headers
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    const value = raw[i + 1]!
    const lower = name.toLowerCase()
    if (lower === 'x-forwarded-for')
      forwardedFor = forwardedFor === undefined ? value : `${forwardedFor}, ${value}`
    else if (lower === 'via') via = via === undefined ? value : `${via}, ${value}`
    if (DROPPED_REQUEST_HEADERS.has(lower)) continue
    if (custom.length > 0 && custom.some(([n]) => n.toLowerCase() === lower)) continue
    out.push(name, value)
  }
  out.push('Host', target.hostHeader)
  for (const [name, value] of custom) out.push(name, value)
  out.push(
    'X-Forwarded-For',
    forwardedFor === undefined ? request.clientIp : `${forwardedFor}, ${request.clientIp}`,
  )
  out.push('X-Forwarded-Proto', request.viewerProtocol)
  out.push('Via', via === undefined ? request.via : `${via}, ${request.via}`)
  out.push('X-Amz-Cf-Id', request.requestId)
  return out
}
