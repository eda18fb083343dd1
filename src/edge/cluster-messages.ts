/**
 * The IPC between the primary of a multi-core edge and its workers (`cluster-primary.ts`,
 * `cluster-worker.ts`). Ordered per worker: `init` (with the snapshot) comes before any
 * `changes`, so a worker never misses or reorders a change.
 */
import type { Snapshot, SyncChange } from '../sync/protocol.js'

/** What a worker needs to serve, sent once after it says `hello`. */
export interface WorkerSettings {
  host: string
  /** The port as configured (0 for any): the cluster shares one handle among the workers. */
  port: number
  /** The edge id's first 8 characters, for `Via`. */
  edgeId: string
  defaultDistributionId?: string
  cacheBytes: number
}

export type PrimaryMessage =
  | { type: 'init'; settings: WorkerSettings; snapshot: Snapshot | undefined }
  | { type: 'changes'; changes: SyncChange[] }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'close' }

export type WorkerMessage =
  | { type: 'hello' }
  | { type: 'listening'; url: string; port: number }
  | { type: 'failed'; message: string }

/** The environment variable that marks a cluster worker of the edge. */
export const EDGE_WORKER_ENV = 'VERGE_EDGE_WORKER'
