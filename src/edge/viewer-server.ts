import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CacheStore } from './cache/cache.js'
import { OriginClient, type OriginClientOptions } from './origin/origin-client.js'
import type { FunctionGuard } from './process/function-guard.js'
import type { EdgeReplica } from './replication/replica.js'
import type { EdgeContext, EdgeLogger } from './viewer/context.js'
import { handleViewer, internalErrorResponse } from './viewer/handle-viewer.js'
import { InvocationBatcher } from './viewer/invocation-batch.js'
import type { ViewerRequest, ViewerResponse } from './viewer/viewer-messages.js'
import { DEFAULT_MAX_REQUEST_BODY_BYTES, declaredTooLarge } from './viewer-body.js'

export type { EdgeContext, EdgeLogger, FunctionLogEntry } from './viewer/context.js'
export type { FunctionOutcome, FunctionOutcomeKind } from './viewer/function-outcome.js'
export type { ViewerRequest, ViewerResponse } from './viewer/viewer-messages.js'

export interface EdgeServerOptions {
  replica: EdgeReplica
  /** Serves requests whose Host matches no alias or distribution domain name. */
  defaultDistributionId?: string
  /** The response cache; none means every request goes to the origin. */
  cache?: CacheStore
  /** This edge's id in `Via: 1.1 <edgeId>.verge (Verge)`; random hex by default. */
  edgeId?: string
  /** `X-Amz-Cf-Pop` (CloudFront's POP code, e.g. `LOCAL` or `FRA56-P1`); default `LOCAL`. */
  edgeLocation?: string
  logger?: EdgeLogger
  /** An edge worker's quarantine and crash attribution (none in a single process). */
  functionGuard?: FunctionGuard
  origin?: OriginClientOptions
  /**
   * Answer plain-HTTP viewers as CloudFront does for `redirect-to-https` (301) and `https-only`
   * (403). Off by default: a local edge serves HTTP only, and one behind a TLS-terminating proxy
   * cannot tell what the viewer used.
   */
  enforceViewerProtocolPolicy?: boolean
  /**
   * The largest viewer request body forwarded to an origin, in bytes (default 100 MiB); a larger
   * one gets 413 and the connection closes.
   */
  maxRequestBodyBytes?: number
  /** The edge clock for cache freshness (tests move it); `Date.now` by default. */
  now?: () => number
}

/** A running (or ready) viewer server. */
export interface EdgeServer {
  readonly server: Server
  readonly context: EdgeContext
  /** The viewer pipeline without a socket (what the HTTP server calls for every request). */
  handleViewer(request: ViewerRequest): Promise<ViewerResponse | undefined>
  listen(port: number, host?: string): Promise<{ url: string; port: number }>
  /** Stops accepting, closes idle and open connections and the origin pools. */
  close(): Promise<void>
}

/**
 * The edge's viewer HTTP server over a replica. The replica can change at any time between
 * requests; the server reads it on every request.
 */
export function createEdgeServer(options: EdgeServerOptions): EdgeServer {
  const edgeId = options.edgeId ?? randomBytes(8).toString('hex')
  const origins = new OriginClient(options.origin)
  const context: EdgeContext = {
    replica: options.replica,
    defaultDistributionId: options.defaultDistributionId,
    cache: options.cache,
    origins,
    enforceViewerProtocolPolicy: options.enforceViewerProtocolPolicy ?? false,
    now: options.now ?? Date.now,
    logger: options.logger,
    functionGuard: options.functionGuard,
    invocations: new InvocationBatcher((arn) => options.replica.function(arn), options.functionGuard),
    via: `1.1 ${edgeId}.verge (Verge)`,
    pop: options.edgeLocation ?? 'LOCAL',
    maxRequestBodyBytes: options.maxRequestBodyBytes ?? DEFAULT_MAX_REQUEST_BODY_BYTES,
  }
  const server = createServer((req, res) => {
    void serveHttp(context, req, res)
  })
  // `Expect: 100-continue`: a body declared over the cap gets its 413 without being invited.
  server.on('checkContinue', (req, res) => {
    if (!declaredTooLarge(req.rawHeaders, context.maxRequestBodyBytes)) res.writeContinue()
    void serveHttp(context, req, res)
  })
  return {
    server,
    context,
    handleViewer: (request) => handleViewer(context, request),
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
          server.off('error', reject)
          const address = server.address() as AddressInfo
          const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
          resolve({ url: `http://${shown}:${address.port}`, port: address.port })
        })
      })
    },
    async close() {
      await new Promise<void>((resolve) => {
        if (!server.listening) return resolve()
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await origins.close()
    },
  }
}

/** The viewer's address as CloudFront reports it: "::ffff:127.0.0.1" shows as the IPv4 form. */
function clientIp(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? ''
  return address.startsWith('::ffff:') ? address.slice(7) : address
}

function write(res: ServerResponse, response: ViewerResponse): void {
  // Node ends the connection after a response with `Connection: close` instead of reading on.
  if (response.statusMessage === undefined) res.writeHead(response.status, response.headers as string[])
  else res.writeHead(response.status, response.statusMessage, response.headers as string[])
  if (response.body.byteLength === 0) res.end()
  else res.end(response.body)
}

/** Adapts one Node request to `handleViewer` and writes its answer. */
async function serveHttp(ctx: EdgeContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const request: ViewerRequest = {
    method: req.method ?? 'GET',
    target: req.url ?? '/',
    headers: req.rawHeaders,
    clientIp: clientIp(req),
    protocol: 'http',
    body: req,
  }
  const response = await handleViewer(ctx, request)
  if (response === undefined) {
    res.destroy()
    return
  }
  try {
    write(res, response)
  } catch (error) {
    // A header Node refuses to write (it validates names and values): nothing was sent yet.
    ctx.logger?.error?.('request failed', error)
    if (res.headersSent) res.destroy()
    else write(res, internalErrorResponse(ctx, request, response.requestId))
  }
}
