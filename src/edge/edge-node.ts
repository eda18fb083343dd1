import type { TlsKeyPair } from '../shared/index.js'
import { MemoryCacheStore } from './cache/cache.js'
import type { ControlTrust } from './replication/control-trust.js'
import { EdgeReplica } from './replication/replica.js'
import { ReplicaApplier } from './replication/replica-apply.js'
import { loadEdgeId } from './replication/replica-file.js'
import { openReplica } from './replication/replica-open.js'
import { ReplicaReader } from './replication/replica-reader.js'
import { ReplicationLoop } from './replication/replication-loop.js'
import type { RunningEdge } from './running-edge.js'
import { edgeDefaultCertificate } from './tls/default-certificate.js'
import { createEdgeServer, type EdgeLogger } from './viewer-server.js'

export { appliedChannel } from './replication/replication-loop.js'

export interface EdgeNodeOptions {
  controlUrl: string
  token: string
  /** Where the edge keeps its id and its replica database (served at once after a restart). */
  dataDir: string
  host?: string
  port?: number
  /** Serve HTTPS (HTTP/2 and HTTP/1.1) on this port too (0: a free one); none: HTTP only. */
  httpsPort?: number
  /** The default certificate on the HTTPS port; none: a self-signed one kept in `dataDir`. */
  tls?: TlsKeyPair
  /** What the edge trusts for an `https://` control plane besides Node's CAs (`--ca`). */
  controlTrust?: ControlTrust
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
  /** Take a control plane's data even from another database (`SyncClientOptions`). */
  acceptNewControlPlane?: boolean
}

/** An edge in this process: a `RunningEdge` whose live replica can be read. */
export type EdgeNode = RunningEdge & { readonly replica: EdgeReplica }

/**
 * One edge: the replica database, fed by the sync client, read by the functions through a
 * read-only connection as an edge worker reads it, and the viewer server on top of it. A
 * restart serves from the database at once, control plane or not.
 */
export async function startEdgeNode(options: EdgeNodeOptions): Promise<EdgeNode> {
  const id = loadEdgeId(options.dataDir)
  const tls = await edgeDefaultCertificate(options)
  const database = openReplica(options.dataDir)
  const stores = new ReplicaReader(database.file)
  const replica = new EdgeReplica({
    stores,
    ...(options.functionMemoryBytes === undefined
      ? {}
      : { functionMemoryBytes: options.functionMemoryBytes }),
  })
  const applier = new ReplicaApplier(replica)
  applier.applySnapshot(database.definitions())
  const replication = new ReplicationLoop(
    {
      ...options,
      edgeId: id,
      afterSnapshot: () => applier.applySnapshot(database.definitions()),
      afterChanges: (changes) => applier.applyChanges(changes, database.revision),
    },
    database,
  )

  const edge = createEdgeServer({
    ...(tls === undefined ? {} : { tls }),
    replica,
    defaultDistributionId: options.defaultDistributionId,
    cache: new MemoryCacheStore({ maxSizeBytes: options.cacheBytes ?? 64 * 1024 * 1024 }),
    edgeId: id.slice(0, 8),
    logger: options.logger,
    ...(options.maxRequestBodyBytes === undefined
      ? {}
      : { maxRequestBodyBytes: options.maxRequestBodyBytes }),
  })
  const host = options.host ?? '127.0.0.1'
  let url: string
  let port: number
  let https: { url: string; port: number } | undefined
  try {
    ;({ url, port } = await edge.listen(options.port ?? 0, host))
    if (options.httpsPort !== undefined) https = await edge.listenHttps(options.httpsPort, host)
  } catch (error) {
    await edge.close()
    replica.dispose()
    stores.close()
    database.close()
    throw error
  }
  replication.start()

  return {
    id,
    url,
    port,
    httpsUrl: https?.url,
    httpsPort: https?.port,
    replica,
    get revision() {
      return database.revision
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
      stores.close()
      database.close()
    },
  }
}
