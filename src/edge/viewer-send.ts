import type { ServerResponse } from 'node:http'
import { type EdgeErrorKind, errorPage, errorStatus } from './error-page.js'
import { mustCloseAfter } from './viewer-body.js'

/** `x-cache` values, CloudFront's words with Verge in place of cloudfront. */
export type CacheResult = 'Hit' | 'RefreshHit' | 'Miss' | 'FunctionGeneratedResponse' | 'Redirect' | 'Error'

/** What every viewer response carries: this edge's identity. */
export interface EdgeIdentity {
  /** `1.1 <edge-id>.verge (Verge)`. */
  readonly via: string
  /** `x-amz-cf-pop`: the edge location's name. */
  readonly pop: string
  /** The viewer request body cap: a response leaving more unread closes the connection. */
  readonly maxRequestBodyBytes: number
}

// Never relayed to the viewer as received: hop-by-hop fields, framing (set here), and the fields
// this edge sets itself.
const NOT_RELAYED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'via',
  'age',
  'x-cache',
  'x-amz-cf-id',
  'x-amz-cf-pop',
])

/** One response to the viewer. */
export interface ViewerResponse {
  statusCode: number
  statusMessage: string | undefined
  /** Flat `[name, value, ...]`. */
  headers: readonly string[]
  body: Uint8Array
  cache: CacheResult
  requestId: string
  /** The viewer's method: a HEAD gets headers only. */
  method: string
  /** `Age` for a response served from the cache. */
  age?: number
}

/**
 * Writes a response with the edge's headers: `Via` (appended to the origin's), `X-Cache`,
 * `X-Amz-Cf-Pop`, `X-Amz-Cf-Id`, `Age` on hits, and `Content-Length` for the body sent. A HEAD
 * (or 204/304) keeps the origin's `Content-Length` and sends no body. `Connection: close` when
 * the viewer's body is left unread and cannot be discarded safely (`mustCloseAfter`).
 */
export function sendViewerResponse(
  identity: EdgeIdentity,
  res: ServerResponse,
  response: ViewerResponse,
): void {
  const out: string[] = []
  const raw = response.headers
  let via: string | undefined
  let originLength: string | undefined
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    const lower = name.toLowerCase()
    if (!NOT_RELAYED.has(lower)) {
      out.push(name, raw[i + 1]!)
      continue
    }
    if (lower === 'via') via = via === undefined ? raw[i + 1]! : `${via}, ${raw[i + 1]!}`
    else if (lower === 'content-length') originLength = raw[i + 1]!
  }
  const status = response.statusCode
  const noBody = response.method === 'HEAD' || status === 204 || status === 304 || status < 200
  if (!noBody) out.push('Content-Length', String(response.body.byteLength))
  else if (status !== 204 && status !== 304) {
    // A HEAD answered from a GET entry knows its length even when the origin sent it chunked.
    const length =
      originLength ?? (response.body.byteLength > 0 ? String(response.body.byteLength) : undefined)
    if (length !== undefined) out.push('Content-Length', length)
  }
  if (response.age !== undefined) out.push('Age', String(response.age))
  out.push(
    'Via',
    via === undefined ? identity.via : `${via}, ${identity.via}`,
    'X-Cache',
    `${response.cache} from verge`,
    'X-Amz-Cf-Pop',
    identity.pop,
    'X-Amz-Cf-Id',
    response.requestId,
  )
  // Node then ends the connection after this response instead of reading the rest of the body.
  if (mustCloseAfter(res.req, identity.maxRequestBodyBytes)) out.push('Connection', 'close')
  if (response.statusMessage === undefined || response.statusMessage === '') res.writeHead(status, out)
  else res.writeHead(status, response.statusMessage, out)
  if (noBody) res.end()
  else res.end(response.body)
}

/** Writes one of the edge's own error pages (`x-cache: Error from verge`). */
export function sendEdgeError(
  identity: EdgeIdentity,
  res: ServerResponse,
  kind: EdgeErrorKind,
  requestId: string,
  method: string,
  extraHeaders: readonly string[] = [],
): void {
  const body = Buffer.from(errorPage(kind, requestId), 'latin1')
  sendViewerResponse(identity, res, {
    statusCode: errorStatus(kind),
    statusMessage: undefined,
    headers: ['Server', 'Verge', 'Content-Type', 'text/html', ...extraHeaders],
    body,
    cache: 'Error',
    requestId,
    method,
  })
}
