/**
 * The IPC between the primary of an edge and its worker processes (`cluster-primary.ts`,
 * `cluster-worker.ts`). Ordered per worker: `init` (with the functions and distributions) comes
 * before any `changes`, so a worker never misses or reorders a change. Store content never
 * travels here: workers read it from the replica database, and a `changes` message only says
 * which revision the primary committed (with the function and distribution changes in it).
 * Viewer connections come as `connection` messages carrying the accepted socket.
 */

import type { SyncChange } from '../../sync/index.js'
import type { ReplicaDefinitions } from '../replication/replica-database.js'
import type { QuarantineEntry } from './quarantine.js'

/** What a worker needs to serve, sent once after it says `hello`. */
export interface WorkerSettings {
  /** The edge id's first 8 characters, for `Via`. */
  edgeId: string
  defaultDistributionId?: string
  cacheBytes: number
  /** The viewer request body cap; none means the default. */
  maxRequestBodyBytes?: number
  /** Where the worker keeps its running marker (`running-marker.ts`). */
  markerDir: string
  /** The replica database, which the worker opens read-only (`replica-reader.ts`). */
  replicaFile: string
}

export type PrimaryMessage =
  | {
      type: 'init'
      settings: WorkerSettings
      definitions: ReplicaDefinitions
      quarantine: QuarantineEntry[]
    }
  /** Committed at `revision`: `changes` are its function and distribution changes. */
  | { type: 'changes'; changes: SyncChange[]; revision: number }
  /** A snapshot was committed: these are the replica's functions and distributions now. */
  | { type: 'snapshot'; definitions: ReplicaDefinitions }
  | { type: 'quarantine'; entries: QuarantineEntry[] }
  /** Sent with a viewer socket as the handle. */
  | { type: 'connection' }
  | { type: 'close' }

export type WorkerMessage =
  | { type: 'hello' }
  /** Initialised: send it connections. */
  | { type: 'ready' }
  | { type: 'failed'; message: string }
