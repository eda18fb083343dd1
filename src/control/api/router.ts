import { channel } from 'node:diagnostics_channel'
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import type { ApiMount, ApiRequest, ApiResponse } from './api-types.js'
import { BodyTooLargeError, readBody } from './read-body.js'
import { firstRawSegment, parseRequestTarget, type RequestTarget } from './request-target.js'
import { writeStream } from './write-stream.js'

/** Published when a handler throws something it did not turn into a response. */
export const unhandledErrorChannel = channel('verge:control:http:unhandled-error')

/**
 * A route that answers on the raw socket (the sync API's change stream). `handle` returns
 * false when the request is not its own after all; the mounts get it then.
 */
export interface RawRoute {
  matches(target: RequestTarget): boolean
  handle(req: IncomingMessage, res: ServerResponse): boolean
}

export interface RouterOptions {
  /** Tried before the mounts, in order. */
  raw?: readonly RawRoute[]
}

/** Verge's own JSON error, for paths that belong to no API. */
function vergeError(status: number, message: string): ApiResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) }
}

const NOT_FOUND = vergeError(404, 'Not found.')

function send(res: ServerResponse, response: ApiResponse): void {
  res.writeHead(response.status, response.headers ?? {})
  if (response.stream === undefined) res.end(response.body)
  else void writeStream(res, response.stream, (error) => unhandledErrorChannel.publish({ error }))
}

/**
 * The control plane's one request listener. It parses the request target once (an odd one is
 * a 400), hands the request to a raw route or to the API mounted on its first path segment,
 * and turns anything a handler throws or rejects with into a 5xx in that API's own error shape,
 * so no request can take the process down. Routing uses the raw path; the Host header is
 * ignored, so `<account>.<host>` works.
 */
export function createRouter(mounts: readonly ApiMount[], options: RouterOptions = {}): RequestListener {
  const byPrefix = new Map(mounts.map((mount) => [mount.prefix, mount]))
  const raw = options.raw ?? []
  const mountOf = (req: IncomingMessage) => byPrefix.get(firstRawSegment(req.url))

  const fail = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    unhandledErrorChannel.publish({ error, method: req.method, url: req.url })
    if (res.headersSent || res.destroyed) {
      res.destroy()
      return
    }
    try {
      req.resume()
      res.setHeader('connection', 'close')
      send(res, mountOf(req)?.internalError() ?? vergeError(500, 'An internal error occurred.'))
    } catch {
      res.destroy()
    }
  }

  return (req: IncomingMessage, res: ServerResponse) => {
    try {
      const parsed = parseRequestTarget(req.url)
      if (!parsed.ok) {
        req.resume()
        send(res, mountOf(req)?.malformed(parsed.message) ?? vergeError(400, parsed.message))
        return
      }
      for (const route of raw) {
        if (route.matches(parsed.target) && route.handle(req, res)) return
      }
      route(req, res, parsed.target).catch((error: unknown) => fail(req, res, error))
    } catch (error) {
      fail(req, res, error)
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse, target: RequestTarget): Promise<void> {
    const mount = byPrefix.get(firstRawSegment(target.rawPath))
    if (mount === undefined) {
      req.resume()
      return send(res, NOT_FOUND)
    }
    let body: Uint8Array
    try {
      body = await readBody(req, mount.maxBodyBytes)
    } catch (error) {
      // Over the limit, or a client that stopped sending before its Content-Length: a 400 either way.
      res.setHeader('connection', 'close')
      send(
        res,
        mount.malformed(
          error instanceof BodyTooLargeError
            ? error.message
            : 'The request body ended before its declared length.',
        ),
      )
      req.resume()
      return
    }
    const request: ApiRequest = {
      method: req.method ?? 'GET',
      rawUrl: req.url ?? '/',
      segments: target.segments,
      query: new URLSearchParams(target.rawQuery),
      headers: req.headers,
      body,
      remoteAddress: req.socket.remoteAddress,
      encrypted: (req.socket as { encrypted?: boolean }).encrypted === true,
    }
    send(res, await mount.handle(request))
  }
}
