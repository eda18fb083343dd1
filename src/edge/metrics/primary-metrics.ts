import { Counter, Gauge, type Registry } from 'prom-client'

/** What an edge's primary (or a one-process edge) records besides the viewer pipeline. */
export interface EdgeProcessMetrics {
  /** The sync client applied changes up to `revision`; the last one committed at `committedAt`. */
  applied(revision: number, committedAt: number | undefined): void
  workerRestarted(): void
  logsDropped(count: number): void
  logsShipped(count: number): void
}

export interface EdgeProcessGauges {
  revision(): number
  connected(): boolean
  logBufferEntries(): number
}

/**
 * The primary's metrics on `registry`: the applied revision and replication lag, whether the
 * control plane is connected, worker restarts, and the function log buffer (entries held, shipped,
 * dropped while the control plane was unreachable).
 */
export function createEdgeProcessMetrics(
  registry: Registry,
  gauges: EdgeProcessGauges,
  now: () => number = Date.now,
): EdgeProcessMetrics {
  const registers = [registry]
  new Gauge({
    name: 'verge_edge_applied_revision',
    help: 'The change-log revision this edge has applied.',
    registers,
    collect() {
      this.set(gauges.revision())
    },
  })
  const lag = new Gauge({
    name: 'verge_edge_replication_lag_seconds',
    help: 'From the commit of the last change applied to its application at this edge.',
    registers,
  })
  new Gauge({
    name: 'verge_edge_control_plane_connected',
    help: '1 while the change stream from the control plane is open.',
    registers,
    collect() {
      this.set(gauges.connected() ? 1 : 0)
    },
  })
  const restarts = new Counter({
    name: 'verge_edge_worker_restarts_total',
    help: 'Edge workers that died and were replaced.',
    registers,
  })
  new Gauge({
    name: 'verge_edge_function_log_buffer_entries',
    help: 'Function log entries waiting to be shipped to the control plane.',
    registers,
    collect() {
      this.set(gauges.logBufferEntries())
    },
  })
  const dropped = new Counter({
    name: 'verge_edge_function_logs_dropped_total',
    help: 'Function log entries dropped (oldest first) because the buffer was full.',
    registers,
  })
  const shipped = new Counter({
    name: 'verge_edge_function_logs_shipped_total',
    help: 'Function log entries the control plane accepted.',
    registers,
  })
  return {
    applied(_revision, committedAt) {
      if (committedAt !== undefined) lag.set(Math.max(0, now() - committedAt) / 1000)
    },
    workerRestarted: () => restarts.inc(),
    logsDropped: (count) => dropped.inc(count),
    logsShipped: (count) => shipped.inc(count),
  }
}
