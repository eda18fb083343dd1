import type { SyncRefusal } from '../sync/index.js'

/** A started edge, in one process (`startEdgeNode`) or as a primary and workers (`startEdge`). */
export interface RunningEdge {
  readonly id: string
  readonly url: string
  readonly port: number
  /** The HTTPS port's URL (`https://host:port`), when the edge serves HTTPS. */
  readonly httpsUrl: string | undefined
  readonly httpsPort: number | undefined
  /** The revision the edge holds (a cluster's workers apply it right after its primary). */
  readonly revision: number
  readonly connected: boolean
  /** Why the edge refuses the control plane's data, while it does. */
  readonly refused: SyncRefusal | undefined
  /** The process ids of the serving workers; none for an edge in one process. */
  readonly workerPids: number[]
  /** Where `/metrics` is served (`--metrics-port`); none when it is off. */
  readonly metricsUrl?: string | undefined
  close(): Promise<void>
}
