import type { Readable } from 'node:stream'
import type { ViewerProtocol } from '../origin/origin-target.js'
import type { RawHeaders } from './headers.js'

/**
 * The viewer's body as it arrives: a readable stream that knows whether the whole body has been
 * received, read or not (Node's `IncomingMessage` is one).
 */
export type ViewerBodyStream = Readable & { readonly complete: boolean }

/** One viewer request, independent of any socket: what `handleViewer` serves. */
export interface ViewerRequest {
  readonly method: string
  /** The request target as received: path (or absolute form), then `?` and the raw query. */
  readonly target: string
  readonly headers: RawHeaders
  /** The viewer's address as CloudFront reports it (`viewer.ip`, `X-Forwarded-For`). */
  readonly clientIp: string
  /** How the viewer reached the edge. */
  readonly protocol: ViewerProtocol
  /** Read only when the headers announce a body (`Content-Length` above 0, or chunked). */
  readonly body?: ViewerBodyStream
}

/** The edge's answer, ready for the wire: every header the viewer gets is in `headers`. */
export interface ViewerResponse {
  readonly status: number
  /** Undefined: the standard reason phrase. */
  readonly statusMessage: string | undefined
  readonly headers: RawHeaders
  /** Empty for HEAD, 1xx, 204 and 304 (their `Content-Length`, if any, is in `headers`). */
  readonly body: Uint8Array
  /** The connection must close after this response (`Connection: close` is in `headers`). */
  readonly close: boolean
  /** `X-Amz-Cf-Id`: the request's id, also given to functions as `context.requestId`. */
  readonly requestId: string
}
