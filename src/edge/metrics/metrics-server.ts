import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { metricsAccessAllowed } from '../../shared/index.js'

export interface MetricsServerOptions {
  port: number
  host?: string
  /** The Prometheus text of every metric, gathered at each scrape. */
  collect(): Promise<{ contentType: string; text: string }>
  /** Bearer tokens that may scrape over a non-loopback interface (edge token, metrics token). */
  tokens: readonly (string | undefined)[]
}

export interface MetricsServer {
  readonly url: string
  readonly port: number
  close(): Promise<void>
}

function answer(res: import('node:http').ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`)
}

/**
 * `GET /metrics` in Prometheus text format on its own port. Scrapes over a loopback interface are
 * answered as they come; others need a bearer token (`metricsAccessAllowed`).
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    req.resume()
    if (path !== '/metrics') return answer(res, 404, 'Not found: scrape /metrics.')
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'Only GET /metrics.')
    if (!metricsAccessAllowed(req.socket.localAddress, req.headers.authorization, options.tokens))
      return answer(res, 401, 'A bearer token is required off loopback: Authorization: Bearer <token>.')
    options.collect().then(
      ({ contentType, text }) => {
        res.writeHead(200, { 'content-type': contentType })
        res.end(req.method === 'HEAD' ? undefined : text)
      },
      (error: unknown) => answer(res, 500, `Collecting metrics failed: ${(error as Error)?.message}`),
    )
  })
  server.keepAliveTimeout = 5_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${shown}:${address.port}/metrics`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
