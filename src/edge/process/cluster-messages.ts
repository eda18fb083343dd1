/**
 * The IPC between the primary of an edge and its worker processes (`cluster-primary.ts`,
 * `cluster-worker.ts`). Ordered per worker: `init` (with the functions and distributions) comes
 * before any `changes`, so a worker never misses or reorders a change. Store content never
 * travels here: workers read it from the replica database, and a `changes` message only says
 * which revision the primary committed (with the function and distribution changes in it).
 * Viewer connections come as `connection` messages carrying the accepted socket.
 */
import type { TlsKeyPair } from '../../shared/index.js'
import type { FunctionLogRecord, SyncChange } from '../../sync/index.js'
import type { MetricsJson } from '../metrics/cluster-metrics.js'
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
  /** The memory budget of the worker's loaded functions; none means the default. */
  functionMemoryBytes?: number
  /** Where the worker keeps its running marker (`running-marker.ts`). */
  markerDir: string
  /** The replica database, which the worker opens read-only (`replica-reader.ts`). */
  replicaFile: string
  /** The HTTPS port's default certificate and the port itself, when the edge serves HTTPS. */
  https?: { tls: TlsKeyPair; port: number }
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
  /** Send your metrics registry (a scrape of the primary's `/metrics`). */
  | { type: 'metrics'; id: number }
  /** Sent with a viewer socket as the handle; `https`: a TLS handshake comes first. */
  | { type: 'connection'; scheme: 'http' | 'https' }
  | { type: 'close' }

export type WorkerMessage =
  | { type: 'hello' }
  /** Initialised: send it connections. */
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  /** The answer to `metrics`: the worker's registry as `getMetricsAsJSON()` gives it. */
  | { type: 'metrics'; id: number; metrics: MetricsJson }
  /** What functions printed or why they failed, batched, for the primary to ship. */
  | { type: 'logs'; entries: FunctionLogRecord[] }
