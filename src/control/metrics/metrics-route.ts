import { metricsAccessAllowed } from '../../shared/index.js'
import type { RawRoute } from '../api/router.js'
import type { ControlMetrics } from './control-metrics.js'

/** The path Prometheus scrapes on the control port. */
export const METRICS_PATH = '/metrics'

function plain(res: import('node:http').ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`)
}

/**
 * `GET /metrics` on the control port: answered as is over a loopback interface; elsewhere it needs
 * `Authorization: Bearer` with the edge token or the metrics token.
 */
export function metricsRoute(metrics: ControlMetrics, tokens: readonly (string | undefined)[]): RawRoute {
  return {
    matches: (target) => target.rawPath === METRICS_PATH,
    handle(req, res) {
      req.resume()
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        plain(res, 405, 'Only GET /metrics.')
        return true
      }
      if (!metricsAccessAllowed(req.socket.localAddress, req.headers.authorization, tokens)) {
        plain(res, 401, 'A bearer token is required off loopback: Authorization: Bearer <token>.')
        return true
      }
      metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType })
          res.end(req.method === 'HEAD' ? undefined : text)
        },
        (error: unknown) => plain(res, 500, `Collecting metrics failed: ${(error as Error)?.message}`),
      )
      return true
    },
  }
}
