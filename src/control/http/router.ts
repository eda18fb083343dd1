import { channel } from 'node:diagnostics_channel'
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { type ApiMount, type ApiRequest, type ApiResponse, splitRawPath } from './api-types.js'
import { BodyTooLargeError, readBody } from './read-body.js'

/** Published when a handler throws something it did not turn into a response. */
export const unhandledErrorChannel = channel('verge:control:http:unhandled-error')

const NOT_FOUND: ApiResponse = {
  status: 404,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message: 'Not found.' }),
}

function send(res: ServerResponse, response: ApiResponse): void {
  res.writeHead(response.status, response.headers ?? {})
  res.end(response.body)
}

/**
 * A node:http request listener that reads the body and hands the request to the API mounted
 * on its first path segment. Routing uses the raw path (spec/api.md 1.2); the Host header is
 * ignored, so `<account>.<host>` works.
 */
export function createRouter(mounts: readonly ApiMount[]): RequestListener {
  const byPrefix = new Map(mounts.map((mount) => [mount.prefix, mount]))
  return (req: IncomingMessage, res: ServerResponse) => {
    void route(req, res).catch((error: unknown) => {
      unhandledErrorChannel.publish({ error })
      if (!res.headersSent) send(res, { status: 500, body: '' })
      else res.destroy()
    })
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/'
    const queryAt = rawUrl.indexOf('?')
    const rawPath = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt)
    const firstRaw = rawPath.split('/')[1] ?? ''
    const mount = byPrefix.get(firstRaw)
    if (mount === undefined) {
      req.resume()
      return send(res, NOT_FOUND)
    }
    const segments = splitRawPath(rawPath)
    if (segments === undefined) {
      req.resume()
      return send(res, mount.malformed('The request path is not valid percent-encoding.'))
    }
    let body: Uint8Array
    try {
      body = await readBody(req, mount.maxBodyBytes)
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error
      res.setHeader('connection', 'close')
      send(res, mount.malformed(error.message))
      req.resume()
      return
    }
    const request: ApiRequest = {
      method: req.method ?? 'GET',
      rawUrl,
      segments,
      query: new URLSearchParams(queryAt === -1 ? '' : rawUrl.slice(queryAt + 1)),
      headers: req.headers,
      body,
      remoteAddress: req.socket.remoteAddress,
    }
    send(res, await mount.handle(request))
  }
}
