import type { OriginRequestBody } from './origin/origin-client.js'
import { firstHeader, type RawHeaders } from './viewer/headers.js'
import type { ViewerBodyStream, ViewerRequest } from './viewer/viewer-messages.js'

/**
 * The largest viewer request body an edge forwards by default: 100 MiB. CloudFront itself
 * forwards large bodies; the edge caps them so one viewer cannot tie it up (see
 * docs/compatibility.md, "Viewer request bodies").
 */
export const DEFAULT_MAX_REQUEST_BODY_BYTES = 100 * 1024 * 1024

/** Why a streamed body stopped before its end: the cap, the viewer leaving, or the edge. */
export type ViewerBodyErrorCode = 'RequestBodyTooLarge' | 'ViewerAborted' | 'BodyStopped'

export class ViewerBodyError extends Error {
  readonly code: ViewerBodyErrorCode
  constructor(code: ViewerBodyErrorCode, message: string) {
    super(message)
    this.name = 'ViewerBodyError'
    this.code = code
  }
}

/** Bodies the edge started to read: Node no longer discards the rest itself. */
const touched = new WeakSet<ViewerBodyStream>()

/** The `Content-Length` the viewer declared, or undefined (chunked, absent or unreadable). */
export function declaredLength(headers: RawHeaders): number | undefined {
  const raw = firstHeader(headers, 'content-length')
  if (raw === undefined || !/^\d{1,16}$/.test(raw)) return undefined
  return Number(raw)
}

/** Whether the viewer sends a body at all (a `Content-Length` above 0, or chunked framing). */
export function hasBody(headers: RawHeaders): boolean {
  if (firstHeader(headers, 'transfer-encoding') !== undefined) return true
  const length = declaredLength(headers)
  return length !== undefined && length > 0
}

/** A declared `Content-Length` over the cap: refused before a byte of the body is read. */
export function declaredTooLarge(headers: RawHeaders, maxBytes: number): boolean {
  const length = declaredLength(headers)
  return length !== undefined && length > maxBytes
}

/**
 * Whether the response must close the connection because part of the request body is still
 * unread. Node discards an untouched body of a declared length after the response (bounded by
 * the cap, the connection stays open); a chunked body (of unknown length), one over the cap, or
 * one the edge started to read and left must not be read any further: the connection closes.
 */
export function mustCloseAfter(request: ViewerRequest, maxBytes: number): boolean {
  const body = request.body
  if (body === undefined || body.complete || !hasBody(request.headers)) return false
  if (touched.has(body)) return true
  const length = declaredLength(request.headers)
  return length === undefined || length > maxBytes
}

/**
 * The viewer's body streamed to the origin as the origin takes it, never held in memory: each
 * chunk is read from the viewer's socket when the origin connection can take it, and counted.
 * Past `maxBytes` the stream fails with `RequestBodyTooLarge` (the chunk that crossed the cap is
 * not sent), which aborts the origin request. It can be read once: `started` tells the origin
 * client whether a retry could still send it.
 */
export class ViewerBody implements OriginRequestBody {
  readonly length: number | undefined
  readonly #req: ViewerBodyStream
  readonly #maxBytes: number
  #started = false
  #stopped = false
  #overCap = false
  #bytes = 0
  #wake: (() => void) | undefined

  constructor(stream: ViewerBodyStream, headers: RawHeaders, maxBytes: number) {
    this.#req = stream
    this.#maxBytes = maxBytes
    this.length = declaredLength(headers)
  }

  get started(): boolean {
    return this.#started
  }

  /** The body went past the cap (the answer is 413). */
  get overCap(): boolean {
    return this.#overCap
  }

  /** The viewer's connection closed before the body's end. */
  get viewerGone(): boolean {
    return this.#req.destroyed && !this.#req.complete
  }

  /** Bytes read from the viewer so far. */
  get bytes(): number {
    return this.#bytes
  }

  /**
   * Resolves once the viewer has sent a first chunk (or ended, or failed): until then the origin
   * is not contacted, so a viewer that stalls before its body holds no origin connection.
   */
  firstChunk(): Promise<void> {
    const req = this.#req
    touched.add(req)
    if (req.readableLength > 0 || req.readableEnded || req.destroyed) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        req.off('readable', done).off('end', done).off('error', done).off('close', done)
        resolve()
      }
      req.on('readable', done).on('end', done).on('error', done).on('close', done)
    })
  }

  chunks(): AsyncIterable<Uint8Array> {
    return this.#read()
  }

  /**
   * Ends a read in progress (with an error, so the origin never takes a cut body for a whole
   * one) and leaves the rest of the body unread: called once the origin has answered or failed.
   */
  stop(): void {
    this.#stopped = true
    this.#wake?.()
  }

  async *#read(): AsyncGenerator<Uint8Array, void, undefined> {
    if (this.#started) throw new ViewerBodyError('BodyStopped', 'The request body was already sent.')
    this.#started = true
    const req = this.#req
    touched.add(req)
    let ended = false
    let failed: Error | undefined
    const wake = () => {
      const resolve = this.#wake
      this.#wake = undefined
      resolve?.()
    }
    const onEnd = () => {
      ended = true
      wake()
    }
    const onError = (error: Error) => {
      failed = error
      wake()
    }
    const onClose = () => {
      if (!req.complete) failed ??= new Error('connection closed')
      wake()
    }
    req.on('readable', wake).on('end', onEnd).on('error', onError).on('close', onClose)
    try {
      for (;;) {
        if (this.#stopped) throw new ViewerBodyError('BodyStopped', 'The edge stopped reading the body.')
        const chunk = req.read() as Buffer | null
        if (chunk !== null) {
          this.#bytes += chunk.byteLength
          if (this.#bytes > this.#maxBytes) {
            this.#overCap = true
            throw new ViewerBodyError(
              'RequestBodyTooLarge',
              `The request body is over ${this.#maxBytes} bytes.`,
            )
          }
          yield chunk
          continue
        }
        if (ended || req.readableEnded) return
        // Also when the viewer left before this read began (its events are gone).
        if (failed === undefined && this.viewerGone) failed = req.errored ?? new Error('connection closed')
        if (failed !== undefined)
          throw new ViewerBodyError('ViewerAborted', `The viewer stopped sending: ${failed.message}`)
        await new Promise<void>((resolve) => {
          this.#wake = resolve
        })
      }
    } finally {
      this.#wake = undefined
      req.off('readable', wake).off('end', onEnd).off('error', onError).off('close', onClose)
    }
  }
}
