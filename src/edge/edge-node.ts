import { channel } from 'node:diagnostics_channel'
import type { Snapshot, SyncChange, SyncRefusal } from '../sync/protocol.js'
import { MemoryCacheStore } from './cache.js'
import { EdgeReplica } from './replica.js'
import { ReplicaApplier } from './replica-apply.js'
import { loadEdgeId, readReplicaFile, writeReplicaFile } from './replica-file.js'
import { SyncClient } from './sync-client.js'
import { createEdgeServer, type EdgeLogger } from './viewer-server.js'

/** Published when a change arrives and when it is applied: `{revision, appliedAt}`. */
export const appliedChannel = channel('verge:edge:applied')

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
  logger?: EdgeLogger
  /** How long after the last change the disk snapshot is written; default 200 ms. */
  persistDelayMs?: number
  /** Take a control plane's data even from another database (`SyncClientOptions`). */
  acceptNewControlPlane?: boolean
}

export interface EdgeNode {
  readonly id: string
  readonly url: string
  readonly port: number
  readonly replica: EdgeReplica
  /** The revision the replica reflects. */
  readonly revision: number
  readonly connected: boolean
  /** Why the edge refuses the control plane's data, while it does. */
  readonly refused: SyncRefusal | undefined
  close(): Promise<void>
}

/**
 * One edge: the replica, fed by the sync client and saved to disk, and the viewer server on
 * top of it. A restart serves from the saved snapshot at once, control plane or not.
 */
export async function startEdgeNode(options: EdgeNodeOptions): Promise<EdgeNode> {
  const id = loadEdgeId(options.dataDir)
  const replica = new EdgeReplica()
  const applier = new ReplicaApplier(replica)
  const saved = readReplicaFile(options.dataDir)
  if (saved !== undefined) applier.applySnapshot(saved)

  let persistTimer: NodeJS.Timeout | undefined
  const persist = () => {
    persistTimer = undefined
    writeReplicaFile(options.dataDir, applier.toSnapshot())
  }
  const schedulePersist = () => {
    persistTimer ??= setTimeout(persist, options.persistDelayMs ?? 200)
  }

  const sync = new SyncClient({
    controlUrl: options.controlUrl,
    token: options.token,
    edgeId: id,
    edgeName: options.name ?? id,
    acceptNewControlPlane: options.acceptNewControlPlane === true,
    target: {
      get revision() {
        return applier.revision
      },
      get databaseId() {
        return applier.databaseId
      },
      applySnapshot(snapshot: Snapshot) {
        applier.applySnapshot(snapshot)
        schedulePersist()
      },
      applyChanges(changes: SyncChange[]) {
        for (const change of changes) applier.applyChange(change)
        if (appliedChannel.hasSubscribers)
          appliedChannel.publish({ revision: applier.revision, appliedAt: Date.now() })
        schedulePersist()
      },
    },
  })

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
  sync.start()

  return {
    id,
    url,
    port,
    replica,
    get revision() {
      return applier.revision
    },
    get connected() {
      return sync.connected
    },
    get refused() {
      return sync.refused
    },
    async close() {
      await sync.stop()
      if (persistTimer !== undefined) {
        clearTimeout(persistTimer)
        persist()
      }
      await edge.close()
      replica.dispose()
    },
  }
}
