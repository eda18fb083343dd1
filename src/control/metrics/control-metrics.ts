import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { EdgeStatus } from '../../sync/index.js'

export interface ControlMetricsSources {
  latestRevision(): number
  edges(): EdgeStatus[]
}

/** What the control plane records; its registry is served at `/metrics`. */
export interface ControlMetrics {
  readonly registry: Registry
  apiRequest(api: string, operation: string, method: string, status: number, seconds: number): void
  logsIngested(edge: { id: string; name: string }, stored: number, dropped: number): void
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/**
 * The control plane's metrics (names in docs/observability.md): API requests by API, operation
 * and status; their latency, writes apart; the change log's revision; edges connected and how
 * far behind each is; function log entries ingested and the entries edges reported dropping.
 */
export function createControlMetrics(sources: ControlMetricsSources): ControlMetrics {
  const registry = new Registry()
  const registers = [registry]
  const requests = new Counter({
    name: 'verge_control_api_requests_total',
    help: 'API requests by API (first path segment), operation (method and route) and status.',
    labelNames: ['api', 'operation', 'status'],
    registers,
  })
  const duration = new Histogram({
    name: 'verge_control_api_request_duration_seconds',
    help: 'API request latency by API and operation.',
    labelNames: ['api', 'operation'],
    buckets: LATENCY_BUCKETS,
    registers,
  })
  const writes = new Histogram({
    name: 'verge_control_write_duration_seconds',
    help: 'Latency of the API requests that change state (not GET or HEAD), by API and operation.',
    labelNames: ['api', 'operation'],
    buckets: LATENCY_BUCKETS,
    registers,
  })
  new Gauge({
    name: 'verge_control_change_log_revision',
    help: 'The latest revision of the change log.',
    registers,
    collect() {
      this.set(sources.latestRevision())
    },
  })
  new Gauge({
    name: 'verge_control_edges_connected',
    help: 'Edges with an open change stream to this control node.',
    registers,
    collect() {
      this.set(sources.edges().filter((edge) => edge.connected).length)
    },
  })
  new Gauge({
    name: 'verge_control_edge_lag_revisions',
    help: 'Revisions of the change log an edge has not applied yet, by edge.',
    labelNames: ['edge', 'edge_name'],
    registers,
    collect() {
      this.reset()
      for (const edge of sources.edges()) this.labels(edge.id, edge.name).set(edge.revisionsBehind)
    },
  })
  new Gauge({
    name: 'verge_control_edge_propagation_seconds',
    help: 'How long the last change took from its commit to its application, by edge.',
    labelNames: ['edge', 'edge_name'],
    registers,
    collect() {
      this.reset()
      for (const edge of sources.edges())
        if (edge.lastPropagationMs !== undefined)
          this.labels(edge.id, edge.name).set(edge.lastPropagationMs / 1000)
    },
  })
  const ingested = new Counter({
    name: 'verge_control_function_logs_ingested_total',
    help: 'Function log entries stored, by edge.',
    labelNames: ['edge'],
    registers,
  })
  const dropped = new Counter({
    name: 'verge_control_function_logs_dropped_total',
    help: 'Function log entries an edge reported dropping (its buffer was full), by edge.',
    labelNames: ['edge'],
    registers,
  })
  return {
    registry,
    apiRequest(api, operation, method, status, seconds) {
      requests.labels(api, operation, String(status)).inc()
      duration.labels(api, operation).observe(seconds)
      if (method !== 'GET' && method !== 'HEAD') writes.labels(api, operation).observe(seconds)
    },
    logsIngested(edge, stored, droppedCount) {
      if (stored > 0) ingested.labels(edge.id).inc(stored)
      if (droppedCount > 0) dropped.labels(edge.id).inc(droppedCount)
    },
  }
}
