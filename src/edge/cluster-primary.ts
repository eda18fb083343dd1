import cluster, { type Worker } from 'node:cluster'
import { fileURLToPath } from 'node:url'
import type { Snapshot, SyncChange } from '../sync/protocol.js'
import {
  EDGE_WORKER_ENV,
  type PrimaryMessage,
  type WorkerMessage,
  type WorkerSettings,
} from './cluster-messages.js'
import { appliedChannel, type EdgeNodeOptions } from './edge-node.js'
import { loadEdgeId, readReplicaFile, writeReplicaFile } from './replica-file.js'
import { SnapshotState } from './snapshot-state.js'
import { SyncClient } from './sync-client.js'

export interface EdgeClusterOptions extends Omit<EdgeNodeOptions, 'logger'> {
  /** Worker processes serving the port; at least 1. */
  workers: number
  /** Told when a worker dies unexpectedly (it is replaced). */
  onWorkerExit?: (pid: number, code: number | null, signal: string | null) => void
}

export interface EdgeCluster {
  readonly id: string
  readonly url: string
  readonly port: number
  /** The revision the primary holds (workers apply it right after). */
  readonly revision: number
  readonly connected: boolean
  /** The process ids of the serving workers. */
  readonly workerPids: number[]
  close(): Promise<void>
}

const WORKER_FILE = fileURLToPath(new URL('./cluster-worker.js', import.meta.url))
// A worker that exits this soon after starting is not replaced (it would only crash again).
const MIN_WORKER_LIFE_MS = 1_000

/**
 * A multi-core edge on `node:cluster`: this (primary) process runs the one sync client and
 * the disk snapshot, and forwards every snapshot and change to the workers; each worker holds
 * its own replica (functions loaded in its own isolates) and serves the shared port. The
 * control plane sees one edge. A worker that dies is replaced and starts from the primary's
 * current snapshot.
 */
export async function startEdgeCluster(options: EdgeClusterOptions): Promise<EdgeCluster> {
  if (!cluster.isPrimary) throw new Error('startEdgeCluster must run in a primary process.')
  if (!Number.isInteger(options.workers) || options.workers < 1)
    throw new Error(`workers must be a whole number ≥ 1, not ${options.workers}.`)
  const id = loadEdgeId(options.dataDir)
  const state = new SnapshotState()
  const saved = readReplicaFile(options.dataDir)
  if (saved !== undefined) state.applySnapshot(saved)

  const settings: WorkerSettings = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    edgeId: id.slice(0, 8),
    ...(options.defaultDistributionId === undefined
      ? {}
      : { defaultDistributionId: options.defaultDistributionId }),
    cacheBytes: options.cacheBytes ?? 64 * 1024 * 1024,
  }
  const ready = new Set<Worker>()
  let closing = false

  let persistTimer: NodeJS.Timeout | undefined
  const persist = () => {
    persistTimer = undefined
    writeReplicaFile(options.dataDir, state.toSnapshot())
  }
  const schedulePersist = () => {
    persistTimer ??= setTimeout(persist, options.persistDelayMs ?? 200)
  }
  const broadcast = (message: PrimaryMessage) => {
    for (const worker of ready) if (worker.isConnected()) worker.send(message)
  }

  cluster.setupPrimary({ exec: WORKER_FILE, args: [], serialization: 'advanced' })

  /** Forks a worker; resolves with its URL once it listens. */
  function fork(): Promise<{ url: string; port: number }> {
    const worker = cluster.fork({ [EDGE_WORKER_ENV]: '1' })
    const started = Date.now()
    return new Promise((resolve, reject) => {
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'hello') {
          // From here on it gets every change after this snapshot, in order.
          ready.add(worker)
          worker.send({ type: 'init', settings, snapshot: state.toSnapshot() } satisfies PrimaryMessage)
        } else if (message.type === 'listening') resolve({ url: message.url, port: message.port })
        else if (message.type === 'failed')
          reject(new Error(`An edge worker could not listen: ${message.message}`))
      })
      worker.on('exit', (code, signal) => {
        ready.delete(worker)
        reject(new Error(`An edge worker exited (${signal ?? code}) before listening.`))
        if (closing) return
        options.onWorkerExit?.(worker.process.pid ?? 0, code, signal)
        if (Date.now() - started >= MIN_WORKER_LIFE_MS) fork().catch(() => {})
      })
    })
  }

  const sync = new SyncClient({
    controlUrl: options.controlUrl,
    token: options.token,
    edgeId: id,
    edgeName: options.name ?? id,
    target: {
      get revision() {
        return state.revision
      },
      applySnapshot(snapshot: Snapshot) {
        state.applySnapshot(snapshot)
        broadcast({ type: 'snapshot', snapshot })
        schedulePersist()
      },
      applyChanges(changes: SyncChange[]) {
        for (const change of changes) state.applyChange(change)
        broadcast({ type: 'changes', changes })
        if (appliedChannel.hasSubscribers)
          appliedChannel.publish({ revision: state.revision, appliedAt: Date.now() })
        schedulePersist()
      },
    },
  })

  async function close(): Promise<void> {
    closing = true
    await sync.stop()
    if (persistTimer !== undefined) {
      clearTimeout(persistTimer)
      persist()
    }
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined)
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve()
            const timer = setTimeout(() => worker.kill('SIGKILL'), 5_000)
            worker.once('exit', () => {
              clearTimeout(timer)
              resolve()
            })
            if (worker.isConnected()) worker.send({ type: 'close' } satisfies PrimaryMessage)
            else worker.kill('SIGKILL')
          }),
      ),
    )
  }

  let first: { url: string; port: number }
  try {
    // Every worker listens on the same address and port as given, so that the cluster's one
    // handle serves them all: with port 0 the first listen picks a free port and the others
    // join that handle (a worker listening on the picked port number would be refused).
    first = await fork()
    await Promise.all(Array.from({ length: options.workers - 1 }, () => fork()))
  } catch (error) {
    await close()
    throw error
  }
  sync.start()

  return {
    id,
    url: first.url,
    port: first.port,
    get revision() {
      return state.revision
    },
    get connected() {
      return sync.connected
    },
    get workerPids() {
      return [...ready].filter((w) => !w.isDead()).map((w) => w.process.pid ?? 0)
    },
    close,
  }
}
