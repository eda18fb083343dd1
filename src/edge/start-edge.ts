import type { EdgeNodeOptions } from './edge-node.js'
import { type EdgeClusterOptions, startEdgeCluster } from './process/cluster-primary.js'
import type { RunningEdge } from './running-edge.js'

export type { RunningEdge } from './running-edge.js'

/**
 * Starts an edge the way the CLI runs it: this process keeps the sync client, the disk snapshot
 * and the port, and never loads a function; `workers` worker processes (at least one, even for
 * one core) run every function, so a function that takes its process down costs only that
 * worker's requests in flight. `startEdgeNode` (one process, functions included) is for
 * in-process tests.
 */
export function startEdge(
  options: Omit<EdgeNodeOptions, 'logger'> &
    Pick<
      EdgeClusterOptions,
      | 'workers'
      | 'onWorkerExit'
      | 'onQuarantine'
      | 'onQuarantineLifted'
      | 'metricsPort'
      | 'metricsHost'
      | 'metricsToken'
      | 'metricsPortOptional'
      | 'logBufferEntries'
    >,
): Promise<RunningEdge> {
  return startEdgeCluster({ ...options, workers: Math.max(1, options.workers) })
}
