/**
 * What the edge offers the rest of Verge (the CLI, benchmarks and cross-module tests): starting
 * an edge as a primary and workers (`startEdge`) or in this process (`startEdgeNode`), the
 * viewer server over a live replica (`createEdgeServer`, `EdgeReplica`, a `CacheStore`), the
 * lines its processes print, the viewer pipeline's metrics and log capture (for benchmarks), and the names of the files it keeps in its data directory.
 * Everything else in this folder (`replication/`, `process/`, `cache/`, `origin/`, `viewer/`) is
 * internal: modules outside it import only from here.
 */

export { type CachedResponse, type CacheStore, MemoryCacheStore } from './cache/cache.js'
export { type EdgeNode, startEdgeNode } from './edge-node.js'
export {
  DEFAULT_FUNCTION_MEMORY_BYTES,
  type FunctionPool,
  type FunctionPoolStats,
} from './functions/function-pool.js'
export { WorkerLogForwarder } from './logs/worker-log-forwarder.js'
export { createViewerMetrics, type ViewerMetrics } from './metrics/viewer-metrics.js'
export type { FunctionGuard } from './process/function-guard.js'
export { describeQuarantine, describeQuarantineLifted, describeWorkerExit } from './process/stderr-logger.js'
export { logEdgeIntegrity } from './replication/integrity-log.js'
export { EdgeReplica, type EdgeReplicaOptions } from './replication/replica.js'
export { REJECTED_REPLICA_FILE, REPLICA_FILE } from './replication/replica-file.js'
export { syncChannel } from './replication/sync-client.js'
export type { RunningEdge } from './running-edge.js'
export { startEdge } from './start-edge.js'
export { DEFAULT_CERT_FILE as EDGE_DEFAULT_CERT_FILE } from './tls/default-certificate.js'
export { DEFAULT_MAX_REQUEST_BODY_BYTES } from './viewer-body.js'
export {
  createEdgeServer,
  type EdgeServer,
  type EdgeServerOptions,
  type FunctionLogEntry,
  type ViewerRequest,
  type ViewerResponse,
} from './viewer-server.js'
