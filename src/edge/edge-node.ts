import { MemoryCacheStore } from './cache/cache.js'
import { EdgeReplica } from './replication/replica.js'
import { ReplicaApplier } from './replication/replica-apply.js'
import { loadEdgeId } from './replication/replica-file.js'
import { ReplicationLoop } from './replication/replication-loop.js'
import type { RunningEdge } from './running-edge.js'
import { createEdgeServer, type EdgeLogger } from './viewer-server.js'

export { appliedChannel } from './replication/replication-loop.js'

export interface EdgeNodeOptions {
  controlUrl: string
  token: string
  /** Where the edge keeps its id and its last snapshot (served at once after a restart). */
  dataDir: string
  host?: string
  port?: number
  /** Shown to the control plane; default the edge id. */
  name?: string
  /** Serves requests whose Host matches no distribution. */
  defaultDistributionId?: string
  /** Bytes of responses kept in the cache; default 64 MiB. */
  cacheBytes?: number
  /** The largest viewer request body forwarded to an origin; default 100 MiB (over it, 413). */
  maxRequestBodyBytes?: number
  /** The memory budget of the functions loaded in each process that runs them; default 64 MiB. */
  functionMemoryBytes?: number
  logger?: EdgeLogger
  /** How long after the last change the disk snapshot is written; default 200 ms. */
  persistDelayMs?: number
  /** Take a control plane's data even from another database (`SyncClientOptions`). */
  acceptNewControlPlane?: boolean
}

/** An edge in this process: a `RunningEdge` whose live replica can be read. */
export type EdgeNode = RunningEdge & { readonly replica: EdgeReplica }

/**
 * One edge: the replica, fed by the sync client and saved to disk, and the viewer server on
 * top of it. A restart serves from the saved snapshot at once, control plane or not.
 */
export async function startEdgeNode(options: EdgeNodeOptions): Promise<EdgeNode> {
  const id = loadEdgeId(options.dataDir)
  const replica = new EdgeReplica(
    options.functionMemoryBytes === undefined ? {} : { functionMemoryBytes: options.functionMemoryBytes },
  )
  const applier = new ReplicaApplier(replica)
  const replication = new ReplicationLoop({ ...options, edgeId: id }, applier)

  const edge = createEdgeServer({
    replica,
    defaultDistributionId: options.defaultDistributionId,
    cache: new MemoryCacheStore({ maxSizeBytes: options.cacheBytes ?? 64 * 1024 * 1024 }),
    edgeId: id.slice(0, 8),
    logger: options.logger,
    ...(options.maxRequestBodyBytes === undefined
      ? {}
      : { maxRequestBodyBytes: options.maxRequestBodyBytes }),
  })
  const { url, port } = await edge.listen(options.port ?? 0, options.host ?? '127.0.0.1')
  replication.start()

  return {
    id,
    url,
    port,
    replica,
    get revision() {
      return applier.revision
    },
    get connected() {
      return replication.connected
    },
    get refused() {
      return replication.refused
    },
    workerPids: [],
    async close() {
      await replication.stop()
      await edge.close()
      replica.dispose()
    },
  }
}
