import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  createSecureServer,
  type Http2SecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from 'node:http2'
import type { Socket } from 'node:net'
import type { CertificateSelector } from './certificate-selector.js'

/** One request on the HTTPS port: HTTP/1.1 (Node's `http` objects) or HTTP/2 (its compatibility API). */
export type SecureRequestListener = (
  req: IncomingMessage | Http2ServerRequest,
  res: ServerResponse | Http2ServerResponse,
) => void

/** The viewer's HTTPS server and what stopping it takes. */
export interface SecureViewerServer {
  readonly server: Http2SecureServer
  /** Ends every connection, open or idle, HTTP/1.1 or HTTP/2. */
  closeAllConnections(): void
}

/**
 * The edge's HTTPS server: HTTP/2 and HTTP/1.1 on one port, chosen by ALPN (`h2`, then
 * `http/1.1`; a client without ALPN gets HTTP/1.1), the certificate chosen per handshake by
 * `selector`. Connections arrive by `listen` or, in an edge worker, as sockets the primary
 * accepted (`server.emit('connection', socket)`): the TLS handshake happens here either way.
 */
export function createSecureViewerServer(
  selector: CertificateSelector,
  onRequest: SecureRequestListener,
  onCheckContinue: SecureRequestListener,
): SecureViewerServer {
  const server = createSecureServer(
    { allowHTTP1: true, ...selector.defaultPair, SNICallback: selector.sniCallback },
    onRequest as (req: Http2ServerRequest, res: Http2ServerResponse) => void,
  )
  // For HTTP/1.1 requests with `Expect: 100-continue` (HTTP/2 ones too, on Node's compatibility API).
  server.on('checkContinue', onCheckContinue)
  // A handshake a viewer abandons or botches is its own business, never the process's.
  server.on('tlsClientError', () => {})
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  return {
    server,
    closeAllConnections() {
      for (const socket of sockets) socket.destroy()
    },
  }
}
