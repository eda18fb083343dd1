import { type ChildProcess, fork } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { RestartBackoff, type RestartBackoffOptions } from '../../shared/index.js'
import type { SyncChange } from '../../sync/index.js'
import type { EdgeNodeOptions } from '../edge-node.js'
import { type EdgeObservabilityOptions, PrimaryObservability } from '../metrics/primary-observability.js'
import { definitionChanges } from '../replication/definition-changes.js'
import { loadEdgeId } from '../replication/replica-file.js'
import { openReplica } from '../replication/replica-open.js'
import { ReplicationLoop } from '../replication/replication-loop.js'
import type { RunningEdge } from '../running-edge.js'
import { edgeDefaultCertificate } from '../tls/default-certificate.js'
import type { PrimaryMessage, WorkerMessage, WorkerSettings } from './cluster-messages.js'
import { ConnectionDispatch } from './connection-dispatch.js'
import { QuarantineBook, type QuarantineOptions } from './quarantine.js'
import { readRunningMarker, removeRunningMarker, runningMarkerPath } from './running-marker.js'

/** A worker that died while the edge was serving (it is replaced). */
export interface WorkerExit {
  pid: number
  code: number | null
  signal: string | null
  /** The function it was running (or had just run), from its running marker. */
  functionArn: string | undefined
  /** When the replacement starts. */
  restartInMs: number
}

/** A function quarantined after crashing workers. */
export interface FunctionQuarantine {
  functionArn: string
  crashes: number
  ms: number
}

export interface EdgeClusterOptions extends Omit<EdgeNodeOptions, 'logger'>, EdgeObservabilityOptions {
  /** Worker processes running the functions and serving the port; at least 1. */
  workers: number
  /** Told when a worker dies unexpectedly. */
  onWorkerExit?: (exit: WorkerExit) => void
  /** Told when a function is quarantined, or its quarantine lifted early by a new version. */
  onQuarantine?: (event: FunctionQuarantine) => void
  onQuarantineLifted?: (functionArn: string) => void
  restartBackoff?: RestartBackoffOptions
  quarantine?: QuarantineOptions
}

const WORKER_FILE = fileURLToPath(new URL('./cluster-worker.js', import.meta.url))

/** Removes the running markers a previous run left (its workers are gone). */
function cleanMarkers(dir: string): void {
  mkdirSync(dir, { recursive: true })
  for (const name of readdirSync(dir)) if (name.endsWith('.running')) rmSync(join(dir, name), { force: true })
}

/**
 * An edge as a primary and worker processes: this (primary) process runs the one sync client,
 * writes the replica database and serves the viewer port, and never loads a function; each
 * worker reads the stores from that database, holds the distributions and the functions it is
 * asked to run (loaded on demand, within its own memory budget), and serves the connections the
 * primary hands it. The primary commits each change, then tells the workers its revision. The
 * control plane sees one edge. A worker that dies is always replaced (with backoff); the
 * function it was running is charged with the crash, and
 * quarantined after repeated ones (`quarantine.ts`).
 */
export async function startEdgeCluster(options: EdgeClusterOptions): Promise<RunningEdge> {
  if (!Number.isInteger(options.workers) || options.workers < 1)
    throw new Error(`workers must be a whole number ≥ 1, not ${options.workers}.`)
  const id = loadEdgeId(options.dataDir)
  const replica = openReplica(options.dataDir)
  const markerDir = join(options.dataDir, 'workers')
  cleanMarkers(markerDir)

  const settings: WorkerSettings = {
    edgeId: id.slice(0, 8),
    ...(options.defaultDistributionId === undefined
      ? {}
      : { defaultDistributionId: options.defaultDistributionId }),
    cacheBytes: options.cacheBytes ?? 64 * 1024 * 1024,
    ...(options.maxRequestBodyBytes === undefined
      ? {}
      : { maxRequestBodyBytes: options.maxRequestBodyBytes }),
    ...(options.functionMemoryBytes === undefined
      ? {}
      : { functionMemoryBytes: options.functionMemoryBytes }),
    markerDir,
    replicaFile: replica.file,
  }
  const book = new QuarantineBook(options.quarantine)
  const backoff = new RestartBackoff(options.restartBackoff)
  // The HTTP port, and the HTTPS port when there is one: every ready worker serves both.
  const tls = await edgeDefaultCertificate(options)
  const dispatches = [
    new ConnectionDispatch('http'),
    ...(tls === undefined ? [] : [new ConnectionDispatch('https')]),
  ]
  const forked = new Set<ChildProcess>()
  /** Workers that said hello: they get every message from their `init` on. */
  const live = new Set<ChildProcess>()
  const ready = new Set<ChildProcess>()
  const restarts = new Set<NodeJS.Timeout>()
  let starting = true
  let closing = false
  const observability = new PrimaryObservability({
    ...options,
    edgeId: id,
    edgeName: options.name ?? id,
    revision: () => replica.revision,
    connected: () => replication.connected,
  })

  const broadcast = (message: PrimaryMessage) => {
    for (const worker of live) if (worker.connected) worker.send(message)
  }
  const broadcastQuarantine = () => broadcast({ type: 'quarantine', entries: book.active() })

  /** Charges a dead worker's crash to the function its marker names. */
  function blame(pid: number): string | undefined {
    const path = runningMarkerPath(markerDir, pid)
    const arn = readRunningMarker(path)
    removeRunningMarker(path)
    if (arn === undefined) return undefined
    const verdict = book.crashed(arn)
    if (verdict.quarantinedMs !== undefined) {
      broadcastQuarantine()
      options.onQuarantine?.({ functionArn: arn, crashes: verdict.crashes, ms: verdict.quarantinedMs })
    }
    return arn
  }

  /** Forks a worker; resolves once it is ready for connections. */
  function startWorker(): Promise<void> {
    const worker = fork(WORKER_FILE, [], { serialization: 'advanced' })
    const pid = worker.pid ?? 0
    forked.add(worker)
    return new Promise((resolve, reject) => {
      worker.on('message', (message: WorkerMessage) => {
        if (observability.workerMessage(message)) return
        if (message.type === 'hello') {
          // From here on it gets every change after this snapshot, in order.
          live.add(worker)
          worker.send({
            type: 'init',
            settings,
            definitions: replica.definitions(),
            quarantine: book.active(),
          } satisfies PrimaryMessage)
        } else if (message.type === 'ready') {
          ready.add(worker)
          for (const dispatch of dispatches) dispatch.add(worker)
          resolve()
        } else if (message.type === 'failed')
          reject(new Error(`An edge worker could not start: ${message.message}`))
      })
      worker.on('error', () => {})
      worker.on('exit', (code, signal) => {
        forked.delete(worker)
        live.delete(worker)
        ready.delete(worker)
        for (const dispatch of dispatches) dispatch.remove(worker)
        reject(new Error(`An edge worker exited (${signal ?? code}) before it was ready.`))
        const functionArn = blame(pid)
        if (closing || starting) return
        const restartInMs = backoff.died()
        observability.workerRestarted()
        options.onWorkerExit?.({ pid, code, signal, functionArn, restartInMs })
        const timer = setTimeout(() => {
          restarts.delete(timer)
          if (!closing) startWorker().catch(() => {})
        }, restartInMs)
        restarts.add(timer)
      })
    })
  }

  /** A new version (or the deletion) of a quarantined function lifts its quarantine. */
  function liftFor(changes: readonly SyncChange[]): void {
    let lifted = false
    for (const change of changes) {
      if (change.kind !== 'function.published' && change.kind !== 'function.deleted') continue
      const { arn } = change.payload
      if (book.forget(arn)) {
        lifted = true
        options.onQuarantineLifted?.(arn)
      }
    }
    if (lifted) broadcastQuarantine()
  }

  // Workers hear of every snapshot and change the primary committed, in order, after their
  // `init`; the keys they read from the database, which has them from the commit on.
  const replication = new ReplicationLoop(
    {
      ...options,
      edgeId: id,
      afterSnapshot: () => broadcast({ type: 'snapshot', definitions: replica.definitions() }),
      afterChanges: (changes) => {
        broadcast({ type: 'changes', changes: definitionChanges(changes), revision: replica.revision })
        observability.applied(replica.revision, changes)
        liftFor(changes)
      },
    },
    replica,
  )

  async function close(): Promise<void> {
    closing = true
    for (const timer of restarts) clearTimeout(timer)
    restarts.clear()
    await Promise.all(dispatches.map((dispatch) => dispatch.close().catch(() => {})))
    await replication.stop()
    const stopped = Promise.all(
      [...forked].map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.exitCode !== null || worker.signalCode !== null) return resolve()
            const timer = setTimeout(() => worker.kill('SIGKILL'), 5_000)
            worker.once('exit', () => {
              clearTimeout(timer)
              resolve()
            })
            if (worker.connected) worker.send({ type: 'close' } satisfies PrimaryMessage)
            else worker.kill('SIGKILL')
          }),
      ),
    )
    await stopped
    await observability.close()
    replica.close()
  }

  let address: { url: string; port: number }
  let https: { url: string; port: number } | undefined
  try {
    const host = options.host ?? '127.0.0.1'
    address = await (dispatches[0] as ConnectionDispatch).listen(options.port ?? 0, host)
    if (tls !== undefined) {
      https = await (dispatches[1] as ConnectionDispatch).listen(options.httpsPort ?? 0, host)
      settings.https = { tls, port: https.port }
    }
    await Promise.all(Array.from({ length: options.workers }, () => startWorker()))
    await observability.listen(() => ready)
  } catch (error) {
    await close()
    throw error
  }
  starting = false
  replication.start()

  return {
    id,
    url: address.url,
    port: address.port,
    httpsUrl: https?.url,
    httpsPort: https?.port,
    get revision() {
      return replica.revision
    },
    get connected() {
      return replication.connected
    },
    get refused() {
      return replication.refused
    },
    get workerPids() {
      return [...ready].map((w) => w.pid ?? 0)
    },
    get metricsUrl() {
      return observability.metricsUrl
    },
    close,
  }
}
