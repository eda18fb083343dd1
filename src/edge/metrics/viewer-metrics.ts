import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import { functionNameOf } from '../../sync/index.js'
import type { OriginErrorCode } from '../origin/origin-errors.js'
import { BoundChildren } from './bound-children.js'

/** How a function run ended, as far as the metrics care. */
export type FunctionRunResult =
  | 'ok'
  | 'execution-error'
  | 'validation-error'
  | 'stopped-compute'
  | 'stopped-memory'
  | 'quarantined'

/** What the viewer pipeline records about every request; one per worker (or edge node). */
export interface ViewerMetrics {
  /** A request answered (not one whose viewer left first). */
  viewerRequest(distributionId: string, status: number, cache: string, seconds: number): void
  /** A viewer function ran (or was not run: quarantined), with its compute utilization (0-100). */
  functionRun(
    functionArn: string,
    eventType: string,
    result: FunctionRunResult,
    computeUtilization: number | undefined,
  ): void
  /** A request went to an origin; `error` when it got no response. */
  originFetch(distributionId: string, error: OriginErrorCode | undefined): void
  /** A function read a key of the store with this Id. */
  kvsRead(storeId: string): void
}

const STATUS_CLASSES = ['1xx', '1xx', '2xx', '3xx', '4xx', '5xx']
const statusClass = (status: number) => STATUS_CLASSES[Math.floor(status / 100)] ?? 'other'

/** Seconds: from well under a millisecond (a cache hit) to an origin's timeout. */
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
const UTILIZATION_BUCKETS = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]

/**
 * The viewer pipeline's metrics on `registry` (names in docs/observability.md): requests by
 * distribution, status class and cache result, their duration, function runs by function and
 * event type, KVS reads by store, origin fetches and their errors. Label children are bound on
 * first use and kept (`BoundChildren`).
 */
export function createViewerMetrics(
  registry: Registry,
  options: { functionPool?: () => { loaded: number; memoryBytes: number } } = {},
): ViewerMetrics {
  const registers = [registry]
  const requests = new Counter({
    name: 'verge_edge_viewer_requests_total',
    help: 'Viewer requests answered, by distribution, status class and cache result (X-Cache).',
    labelNames: ['distribution', 'status_class', 'cache'],
    registers,
  })
  const duration = new Histogram({
    name: 'verge_edge_viewer_request_duration_seconds',
    help: 'Time from the request to its answer at the edge, by distribution.',
    labelNames: ['distribution'],
    buckets: DURATION_BUCKETS,
    registers,
  })
  const fnLabels = ['function', 'event_type'] as const
  const invocations = new Counter({
    name: 'verge_edge_function_invocations_total',
    help: 'Viewer function runs, by function and event type.',
    labelNames: fnLabels,
    registers,
  })
  const executionErrors = new Counter({
    name: 'verge_edge_function_execution_errors_total',
    help: 'Runs that threw, overran their budget or memory, or never settled (503).',
    labelNames: fnLabels,
    registers,
  })
  const validationErrors = new Counter({
    name: 'verge_edge_function_validation_errors_total',
    help: 'Runs that returned an invalid request or response (502).',
    labelNames: fnLabels,
    registers,
  })
  const throttles = new Counter({
    name: 'verge_edge_function_throttles_total',
    help: 'Runs stopped for their compute budget or memory, and requests not run because the function is quarantined.',
    labelNames: [...fnLabels, 'reason'],
    registers,
  })
  const utilization = new Histogram({
    name: 'verge_edge_function_compute_utilization_percent',
    help: 'Compute utilization of each run (CPU time against the budget, 0-100).',
    labelNames: fnLabels,
    buckets: UTILIZATION_BUCKETS,
    registers,
  })
  const kvsReads = new Counter({
    name: 'verge_edge_kvs_reads_total',
    help: 'Key reads by functions, by key value store Id.',
    labelNames: ['store'],
    registers,
  })
  const originFetches = new Counter({
    name: 'verge_edge_origin_fetches_total',
    help: 'Requests sent to an origin, by distribution.',
    labelNames: ['distribution'],
    registers,
  })
  const originErrors = new Counter({
    name: 'verge_edge_origin_errors_total',
    help: 'Origin requests that got no response, by distribution and error.',
    labelNames: ['distribution', 'error'],
    registers,
  })
  const pool = options.functionPool
  if (pool !== undefined) {
    new Gauge({
      name: 'verge_edge_functions_loaded',
      help: 'LIVE functions compiled into an isolate now (summed over the workers).',
      registers,
      collect() {
        this.set(pool().loaded)
      },
    })
    new Gauge({
      name: 'verge_edge_functions_memory_bytes',
      help: "The loaded functions' isolate memory (summed over the workers).",
      registers,
      collect() {
        this.set(pool().memoryBytes)
      },
    })
  }

  const requestChildren = new BoundChildren((v) => requests.labels(...v))
  const durationChildren = new BoundChildren((v) => duration.labels(...v))
  const fnName = new BoundChildren((v) => functionNameOf(v[0] as string))
  const invocationChildren = new BoundChildren((v) => invocations.labels(...v))
  const executionChildren = new BoundChildren((v) => executionErrors.labels(...v))
  const validationChildren = new BoundChildren((v) => validationErrors.labels(...v))
  const throttleChildren = new BoundChildren((v) => throttles.labels(...v))
  const utilizationChildren = new BoundChildren((v) => utilization.labels(...v))
  const kvsChildren = new BoundChildren((v) => kvsReads.labels(...v))
  const fetchChildren = new BoundChildren((v) => originFetches.labels(...v))
  const originErrorChildren = new BoundChildren((v) => originErrors.labels(...v))

  return {
    viewerRequest(distributionId, status, cache, seconds) {
      requestChildren.of3(distributionId, statusClass(status), cache).inc()
      durationChildren.of1(distributionId).observe(seconds)
    },
    functionRun(functionArn, eventType, result, computeUtilization) {
      const name = fnName.of1(functionArn)
      if (result === 'quarantined') {
        throttleChildren.of3(name, eventType, 'quarantined').inc()
        return
      }
      invocationChildren.of2(name, eventType).inc()
      if (computeUtilization !== undefined)
        utilizationChildren.of2(name, eventType).observe(computeUtilization)
      if (result === 'ok') return
      if (result === 'validation-error') {
        validationChildren.of2(name, eventType).inc()
        return
      }
      executionChildren.of2(name, eventType).inc()
      if (result === 'stopped-compute') throttleChildren.of3(name, eventType, 'compute').inc()
      else if (result === 'stopped-memory') throttleChildren.of3(name, eventType, 'memory').inc()
    },
    originFetch(distributionId, error) {
      fetchChildren.of1(distributionId).inc()
      if (error !== undefined) originErrorChildren.of2(distributionId, error).inc()
    },
    kvsRead(storeId) {
      kvsChildren.of1(storeId).inc()
    },
  }
}
