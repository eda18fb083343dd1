import { type EdgeErrorKind, errorPage, errorStatus } from '../error-page.js'
import { mustCloseAfter } from '../viewer-body.js'
import type { EdgeIdentity } from './context.js'
import type { RawHeaders } from './headers.js'
import type { ViewerRequest, ViewerResponse } from './viewer-messages.js'

/** `x-cache` values, CloudFront's words with Verge in place of cloudfront. */
export type CacheResult = 'Hit' | 'RefreshHit' | 'Miss' | 'FunctionGeneratedResponse' | 'Redirect' | 'Error'

/** A stage's final answer, before the edge's own headers are added (`finish`). */
export interface Reply {
  readonly kind: 'reply'
  readonly statusCode: number
  readonly statusMessage: string | undefined
  /** The origin's, the cache's or the function's headers. */
  readonly headers: RawHeaders
  readonly body: Uint8Array
  readonly cache: CacheResult
  /** `Age` for a response served from the cache. */
  readonly age?: number | undefined
}

/** The viewer left before the answer: nothing to send, the connection is dropped. */
export interface Gone {
  readonly kind: 'gone'
}

export const GONE: Gone = { kind: 'gone' }

/** One of the edge's own error pages (`x-cache: Error from verge`). */
export function errorReply(kind: EdgeErrorKind, requestId: string, extraHeaders: RawHeaders = []): Reply {
  return {
    kind: 'reply',
    statusCode: errorStatus(kind),
    statusMessage: undefined,
    headers: ['Server', 'Verge', 'Content-Type', 'text/html', ...extraHeaders],
    body: Buffer.from(errorPage(kind, requestId), 'latin1'),
    cache: 'Error',
  }
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

const EMPTY = new Uint8Array(0)

/**
 * The response for the wire, with the edge's headers: `Via` (appended to the origin's),
 * `X-Cache`, `X-Amz-Cf-Pop`, `X-Amz-Cf-Id`, `Age` on hits, and `Content-Length` for the body sent.
 * A HEAD (or 1xx, 204, 304) keeps the origin's `Content-Length` and gets no body. `Connection:
 * close` when the viewer's body is left unread and cannot be discarded safely (`mustCloseAfter`).
 */
export function finish(
  identity: EdgeIdentity,
  request: ViewerRequest,
  requestId: string,
  reply: Reply,
): ViewerResponse {
  const out: string[] = []
  const raw = reply.headers
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
  const status = reply.statusCode
  const noBody = request.method === 'HEAD' || status === 204 || status === 304 || status < 200
  if (!noBody) out.push('Content-Length', String(reply.body.byteLength))
  else if (status !== 204 && status !== 304) {
    // A HEAD answered from a GET entry knows its length even when the origin sent it chunked.
    const length = originLength ?? (reply.body.byteLength > 0 ? String(reply.body.byteLength) : undefined)
    if (length !== undefined) out.push('Content-Length', length)
  }
  if (reply.age !== undefined) out.push('Age', String(reply.age))
  out.push(
    'Via',
    via === undefined ? identity.via : `${via}, ${identity.via}`,
    'X-Cache',
    `${reply.cache} from verge`,
    'X-Amz-Cf-Pop',
    identity.pop,
    'X-Amz-Cf-Id',
    requestId,
  )
  const close = mustCloseAfter(request, identity.maxRequestBodyBytes)
  if (close) out.push('Connection', 'close')
  return {
    status,
    statusMessage: reply.statusMessage === '' ? undefined : reply.statusMessage,
    headers: out,
    body: noBody ? EMPTY : reply.body,
    close,
    requestId,
  }
}
