/**
 * One worker process of an edge (`cluster-primary.ts` forks it): the functions and
 * distributions, fed by the primary over IPC, the stores read from the replica database the
 * primary writes (a read-only connection), and the viewer server for the connections the
 * primary hands it. It has no sync client, writes nothing to the replica and has no port of its
 * own. It is the edge's crash domain: every function runs here, so a function that takes the
 * process down costs only this worker's requests in flight.
 */
import type { Socket } from 'node:net'
import { Registry } from 'prom-client'
import { MemoryCacheStore } from '../cache/cache.js'
import { WorkerLogForwarder } from '../logs/worker-log-forwarder.js'
import { createViewerMetrics } from '../metrics/viewer-metrics.js'
import { logEdgeIntegrity } from '../replication/integrity-log.js'
import { EdgeReplica } from '../replication/replica.js'
import { ReplicaApplier } from '../replication/replica-apply.js'
import { ReplicaReader } from '../replication/replica-reader.js'
import { createEdgeServer, type EdgeServer } from '../viewer-server.js'
import type { PrimaryMessage, WorkerMessage } from './cluster-messages.js'
import { WorkerFunctionGuard } from './function-guard.js'
import { runningMarkerPath } from './running-marker.js'
import { stderrEdgeLogger } from './stderr-logger.js'

logEdgeIntegrity(`edge worker ${process.pid}`)
// Set by `init`, which comes before every other message.
let stores: ReplicaReader | undefined
let replica: EdgeReplica | undefined
let applier: ReplicaApplier | undefined
let server: EdgeServer | undefined
let guard: WorkerFunctionGuard | undefined
// The primary aggregates this registry with the other workers' at every scrape.
const registry = new Registry()
const metrics = createViewerMetrics(registry, {
  functionPool: () => replica?.functions.stats() ?? { loaded: 0, memoryBytes: 0 },
})
const logs = new WorkerLogForwarder((entries) => send({ type: 'logs', entries }))

function send(message: WorkerMessage): void {
  process.send?.(message)
}

function handle(message: PrimaryMessage, socket: Socket | undefined): void {
  switch (message.type) {
    case 'init': {
      try {
        const { settings } = message
        stores = new ReplicaReader(settings.replicaFile)
        const live = new EdgeReplica({
          stores,
          ...(settings.functionMemoryBytes === undefined
            ? {}
            : { functionMemoryBytes: settings.functionMemoryBytes }),
        })
        live.onStoreRead = (storeId) => metrics.kvsRead(storeId)
        replica = live
        applier = new ReplicaApplier(live)
        applier.applySnapshot(message.definitions)
        guard = new WorkerFunctionGuard(runningMarkerPath(settings.markerDir, process.pid))
        guard.setQuarantine(message.quarantine)
        const stderr = stderrEdgeLogger(`edge worker ${process.pid}`)
        server = createEdgeServer({
          replica: live,
          defaultDistributionId: settings.defaultDistributionId,
          cache: new MemoryCacheStore({ maxSizeBytes: settings.cacheBytes }),
          edgeId: settings.edgeId,
          logger: {
            functionLog(entry) {
              stderr.functionLog?.(entry)
              logs.add(entry)
            },
            error: stderr.error,
          },
          metrics,
          functionGuard: guard,
          ...(settings.https === undefined
            ? {}
            : { tls: settings.https.tls, httpsPort: settings.https.port }),
          ...(settings.maxRequestBodyBytes === undefined
            ? {}
            : { maxRequestBodyBytes: settings.maxRequestBodyBytes }),
        })
      } catch (error) {
        send({ type: 'failed', message: (error as Error).message })
        process.exit(1)
      }
      send({ type: 'ready' })
      break
    }
    case 'connection':
      if (socket === undefined) break
      if (server === undefined) socket.destroy()
      else if (message.scheme === 'http') server.server.emit('connection', socket)
      else if (server.secureServer === undefined) socket.destroy()
      else server.secureServer.emit('connection', socket)
      break
    case 'changes':
      applier?.applyChanges(message.changes, message.revision)
      break
    case 'snapshot':
      applier?.applySnapshot(message.definitions)
      break
    case 'quarantine':
      guard?.setQuarantine(message.entries)
      break
    case 'metrics':
      void registry.getMetricsAsJSON().then(
        (json) => send({ type: 'metrics', id: message.id, metrics: json }),
        () => {},
      )
      break
    case 'close':
      // The primary stopped accepting: the edge is stopping.
      void (async () => {
        server?.server.closeAllConnections()
        await server?.close()
        // The last entries reach the primary before this process ends.
        const rest = logs.drain()
        if (rest.length > 0)
          await new Promise<void>((resolve) => {
            if (process.send === undefined) resolve()
            else process.send({ type: 'logs', entries: rest } satisfies WorkerMessage, () => resolve())
          })
        guard?.close()
        replica?.dispose()
        stores?.close()
        process.exit(0)
      })()
  }
}

// Every message is handled synchronously, in order: a change always lands after `init`.
process.on('message', (message: PrimaryMessage, socket: Socket | undefined) => handle(message, socket))
// The primary is this worker's only reason to live.
process.on('disconnect', () => process.exit(0))
// Signals go to the whole process group (Ctrl-C): the primary decides when workers stop.
process.on('SIGINT', () => {})
process.on('SIGTERM', () => {})
send({ type: 'hello' })
