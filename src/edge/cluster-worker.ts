/**
 * One worker of a multi-core edge (`cluster-primary.ts` forks it): its own replica and
 * applier, fed by the primary over IPC, and the viewer server on the port all workers share.
 * It has no sync client and no disk snapshot: the primary holds the one replica feed.
 */
import { MemoryCacheStore } from './cache.js'
import type { PrimaryMessage, WorkerMessage } from './cluster-messages.js'
import { EdgeReplica } from './replica.js'
import { ReplicaApplier } from './replica-apply.js'
import { stderrEdgeLogger } from './stderr-logger.js'
import { createEdgeServer, type EdgeServer } from './viewer-server.js'

const replica = new EdgeReplica()
const applier = new ReplicaApplier(replica)
let server: EdgeServer | undefined

function send(message: WorkerMessage): void {
  process.send?.(message)
}

async function handle(message: PrimaryMessage): Promise<void> {
  switch (message.type) {
    case 'init': {
      if (message.snapshot !== undefined) applier.applySnapshot(message.snapshot)
      const { settings } = message
      server = createEdgeServer({
        replica,
        defaultDistributionId: settings.defaultDistributionId,
        cache: new MemoryCacheStore({ maxSizeBytes: settings.cacheBytes }),
        edgeId: settings.edgeId,
        logger: stderrEdgeLogger(`edge worker ${process.pid}`),
      })
      try {
        const { url, port } = await server.listen(settings.port, settings.host)
        send({ type: 'listening', url, port })
      } catch (error) {
        send({ type: 'failed', message: (error as Error).message })
        process.exit(1)
      }
      break
    }
    case 'changes':
      for (const change of message.changes) applier.applyChange(change)
      break
    case 'snapshot':
      applier.applySnapshot(message.snapshot)
      break
    case 'close':
      await server?.close()
      replica.dispose()
      process.exit(0)
  }
}

// Messages are handled one at a time, in order: `init` listens asynchronously, and changes
// that arrive meanwhile must wait for its snapshot.
let queue = Promise.resolve()
process.on('message', (message: PrimaryMessage) => {
  queue = queue.then(() => handle(message))
})
// The primary is this worker's only reason to live.
process.on('disconnect', () => process.exit(0))
// Signals go to the whole process group (Ctrl-C): the primary decides when workers stop.
process.on('SIGINT', () => {})
process.on('SIGTERM', () => {})
send({ type: 'hello' })
