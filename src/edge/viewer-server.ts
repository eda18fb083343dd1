import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CacheStore } from './cache.js'
import type { FunctionGuard } from './function-guard.js'
import { OriginClient, type OriginClientOptions } from './origin-client.js'
import type { EdgeReplica } from './replica.js'
import { DEFAULT_MAX_REQUEST_BODY_BYTES, declaredTooLarge } from './viewer-body.js'
import { type EdgeContext, type EdgeLogger, handleViewerRequest } from './viewer-pipeline.js'

export type { EdgeLogger, FunctionLogEntry } from './viewer-pipeline.js'

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
    viewerProtocol: 'http',
    enforceViewerProtocolPolicy: options.enforceViewerProtocolPolicy ?? false,
    now: options.now ?? Date.now,
    logger: options.logger,
    functionGuard: options.functionGuard,
    via: `1.1 ${edgeId}.verge (Verge)`,
    pop: options.edgeLocation ?? 'LOCAL',
    maxRequestBodyBytes: options.maxRequestBodyBytes ?? DEFAULT_MAX_REQUEST_BODY_BYTES,
  }
  const server = createServer((req, res) => {
    void handleViewerRequest(context, req, res)
  })
  // `Expect: 100-continue`: a body declared over the cap gets its 413 without being invited.
  server.on('checkContinue', (req, res) => {
    if (!declaredTooLarge(req, context.maxRequestBodyBytes)) res.writeContinue()
    void handleViewerRequest(context, req, res)
  })
  return {
    server,
    context,
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
