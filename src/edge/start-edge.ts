import { type EdgeCluster, type EdgeClusterOptions, startEdgeCluster } from './cluster-primary.js'
import { type EdgeNodeOptions, startEdgeNode } from './edge-node.js'

/** A running edge, one process or several. */
export interface RunningEdge {
  readonly id: string
  readonly url: string
  readonly port: number
  readonly revision: number
  readonly connected: boolean
  /** The serving processes: this one alone, or the cluster's workers. */
  readonly workerPids: number[]
  close(): Promise<void>
}

/**
 * Starts an edge on `workers` cores: 1 runs everything in this process (`startEdgeNode`);
 * more forks that many cluster workers behind one sync client (`startEdgeCluster`).
 */
export async function startEdge(
  options: EdgeNodeOptions & Pick<EdgeClusterOptions, 'workers' | 'onWorkerExit'>,
): Promise<RunningEdge> {
  if (options.workers <= 1) {
    const node = await startEdgeNode(options)
    return {
      id: node.id,
      url: node.url,
      port: node.port,
      get revision() {
        return node.revision
      },
      get connected() {
        return node.connected
      },
      workerPids: [process.pid],
      close: () => node.close(),
    }
  }
  const { logger: _logger, ...rest } = options
  const edge: EdgeCluster = await startEdgeCluster(rest)
  return edge
}
