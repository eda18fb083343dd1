import { randomBytes } from 'node:crypto'
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http'
import { type Http2SecureServer, Http2ServerRequest, Http2ServerResponse } from 'node:http2'
import type { AddressInfo, Server as NetServer } from 'node:net'
import type { TlsKeyPair } from '../shared/index.js'
import type { CacheStore } from './cache/cache.js'
import type { ViewerMetrics } from './metrics/viewer-metrics.js'
import { OriginClient, type OriginClientOptions } from './origin/origin-client.js'
import type { FunctionGuard } from './process/function-guard.js'
import type { EdgeReplica } from './replication/replica.js'
import { CertificateSelector } from './tls/certificate-selector.js'
import { http1HeadersOf, http2ResponseHeaders } from './tls/http2-compat.js'
import { createSecureViewerServer, type SecureViewerServer } from './tls/secure-viewer-server.js'
import type { EdgeContext, EdgeLogger } from './viewer/context.js'
import { handleViewer, internalErrorResponse } from './viewer/handle-viewer.js'
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
  /** Counts requests, function runs and origin fetches (`createViewerMetrics`). */
  metrics?: ViewerMetrics
  /** An edge worker's quarantine and crash attribution (none in a single process). */
  functionGuard?: FunctionGuard
  origin?: OriginClientOptions
  /**
   * Serve HTTPS too (HTTP/2 and HTTP/1.1, `listenHttps`), presenting this certificate by default.
   */
  tls?: TlsKeyPair
  /**
   * The HTTPS port viewers are redirected to (`redirect-to-https`) when this server does not
   * listen itself (an edge worker: its primary holds the port); `listenHttps` sets it otherwise.
   */
  httpsPort?: number
  /**
   * Answer plain-HTTP viewers as CloudFront does for `redirect-to-https` (301) and `https-only`
   * (403). Default: on when the edge serves HTTPS (`tls`), off otherwise (an edge behind a
   * TLS-terminating proxy cannot tell what the viewer used).
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
  /** The HTTPS server (HTTP/2 and HTTP/1.1), when the options gave a certificate. */
  readonly secureServer: Http2SecureServer | undefined
  readonly context: EdgeContext
  /** The viewer pipeline without a socket (what the HTTP server calls for every request). */
  handleViewer(request: ViewerRequest): Promise<ViewerResponse | undefined>
  listen(port: number, host?: string): Promise<{ url: string; port: number }>
  /** Listens for HTTPS viewers (the server needs `tls`); redirects go to this port from then on. */
  listenHttps(port: number, host?: string): Promise<{ url: string; port: number }>
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
    enforceViewerProtocolPolicy: options.enforceViewerProtocolPolicy ?? options.tls !== undefined,
    httpsPort: options.httpsPort,
    now: options.now ?? Date.now,
    logger: options.logger,
    functionGuard: options.functionGuard,
    metrics: options.metrics,
    via: `1.1 ${edgeId}.verge (Verge)`,
    pop: options.edgeLocation ?? 'LOCAL',
    maxRequestBodyBytes: options.maxRequestBodyBytes ?? DEFAULT_MAX_REQUEST_BODY_BYTES,
  }
  const listener = (protocol: ViewerProtocol) => (req: NodeRequest, res: NodeResponse) => {
    void serveHttp(context, req, res, protocol)
  }
  // `Expect: 100-continue`: a body declared over the cap gets its 413 without being invited.
  const continuing = (protocol: ViewerProtocol) => (req: NodeRequest, res: NodeResponse) => {
    if (!declaredTooLarge(req.rawHeaders, context.maxRequestBodyBytes)) res.writeContinue()
    void serveHttp(context, req, res, protocol)
  }
  const server = createServer(listener('http'))
  server.on('checkContinue', continuing('http'))
  const secure: SecureViewerServer | undefined =
    options.tls === undefined
      ? undefined
      : createSecureViewerServer(new CertificateSelector(options.tls), listener('https'), continuing('https'))
  return {
    server,
    secureServer: secure?.server,
    context,
    handleViewer: (request) => handleViewer(context, request),
    listen: (port, host = '127.0.0.1') => listenOn(server, port, host, 'http'),
    async listenHttps(port, host = '127.0.0.1') {
      if (secure === undefined) throw new Error('This edge server has no certificate (tls) for HTTPS.')
      const address = await listenOn(secure.server, port, host, 'https')
      context.httpsPort = address.port
      return address
    },
    async close() {
      await Promise.all([
        stopListening(server, () => server.closeAllConnections()),
        secure === undefined ? undefined : stopListening(secure.server, () => secure.closeAllConnections()),
      ])
      await origins.close()
    },
  }
}

type ViewerProtocol = ViewerRequest['protocol']
type NodeRequest = IncomingMessage | Http2ServerRequest
type NodeResponse = ServerResponse | Http2ServerResponse

/** Listens on `host:port`; the URL viewers use, `scheme://host:port`. */
export function listenOn(
  server: NetServer,
  port: number,
  host: string,
  scheme: ViewerProtocol,
): Promise<{ url: string; port: number }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      const address = server.address() as AddressInfo
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
      resolve({ url: `${scheme}://${shown}:${address.port}`, port: address.port })
    })
  })
}

function stopListening(server: NetServer, closeConnections: () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!server.listening) {
      closeConnections()
      return resolve()
    }
    server.close(() => resolve())
    closeConnections()
  })
}

/** The viewer's address as CloudFront reports it: "::ffff:127.0.0.1" shows as the IPv4 form. */
function clientIp(req: NodeRequest): string {
  const address = req.socket.remoteAddress ?? ''
  return address.startsWith('::ffff:') ? address.slice(7) : address
}

function write(res: NodeResponse, response: ViewerResponse): void {
  if (res instanceof Http2ServerResponse) {
    // HTTP/2 has no reason phrase and no connection-level headers. Node takes the flat list here
    // too (repeats kept), though its types name only the object form.
    res.writeHead(response.status, http2ResponseHeaders(response.headers) as unknown as OutgoingHttpHeaders)
  }
  // Node ends the connection after a response with `Connection: close` instead of reading on.
  else if (response.statusMessage === undefined) res.writeHead(response.status, response.headers as string[])
  else res.writeHead(response.status, response.statusMessage, response.headers as string[])
  if (response.body.byteLength === 0) res.end()
  else res.end(response.body)
}

/** Adapts one Node request (HTTP/1.1 or HTTP/2) to `handleViewer` and writes its answer. */
async function serveHttp(
  ctx: EdgeContext,
  req: NodeRequest,
  res: NodeResponse,
  protocol: ViewerProtocol,
): Promise<void> {
  const request: ViewerRequest = {
    method: req.method ?? 'GET',
    target: req.url ?? '/',
    headers: req instanceof Http2ServerRequest ? http1HeadersOf(req.rawHeaders) : req.rawHeaders,
    clientIp: clientIp(req),
    protocol,
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
