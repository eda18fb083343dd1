/**
 * Many lightweight edges in a few processes (`bench/sync-client-worker.ts`), split round-robin
 * over control nodes, and the time each PutKey was applied on all of them.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { WorkerReport, WorkerStart } from './sync-client-worker.js'

const WORKER = fileURLToPath(new URL('./sync-client-worker.js', import.meta.url))

export interface SyncClients {
  /** When PutKey value `p-<n>` was applied on every client (ms, machine clock), once it was. */
  readonly appliedAt: Map<number, number>
  /** Errors the clients reported (a refused stream, a failed ack). */
  readonly errors: string[]
  /** The worker processes, for their CPU and RSS. */
  readonly pids: number[]
  stop(): Promise<void>
}

/**
 * Starts `count` clients in `processes` workers, following every node in `urls` from revision
 * `after`; resolves once every stream has said hello.
 */
export async function startSyncClients(options: {
  urls: string[]
  count: number
  processes: number
  after: number
  token: string
}): Promise<SyncClients> {
  const appliedAt = new Map<number, number>()
  const errors: string[] = []
  const partial = new Map<number, { workers: number; at: number }>()
  const workers: ChildProcess[] = []
  const per = Math.ceil(options.count / options.processes)
  const ready: Promise<void>[] = []
  for (let first = 0; first < options.count; first += per) {
    const worker = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    workers.push(worker)
    const start: WorkerStart = {
      urls: options.urls,
      count: Math.min(per, options.count - first),
      first,
      after: options.after,
      token: options.token,
    }
    ready.push(
      new Promise<void>((resolve, reject) => {
        worker.once('exit', (code) => reject(new Error(`A sync client worker exited (${code}).`)))
        worker.on('message', (message: WorkerReport) => {
          if (message.type === 'ready') resolve()
          else if (message.type === 'error') errors.push(message.message)
          else {
            const seen = partial.get(message.n) ?? { workers: 0, at: 0 }
            seen.workers++
            seen.at = Math.max(seen.at, message.at)
            partial.set(message.n, seen)
            if (seen.workers === workers.length) appliedAt.set(message.n, seen.at)
          }
        })
      }),
    )
    worker.send({ type: 'start', start })
  }
  const stop = async () => {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.exitCode !== null) return resolve()
            worker.once('exit', () => resolve())
            worker.send({ type: 'stop' })
          }),
      ),
    )
  }
  try {
    await Promise.all(ready)
  } catch (error) {
    for (const worker of workers) worker.kill('SIGKILL')
    throw error
  }
  return { appliedAt, errors, pids: workers.map((w) => w.pid!), stop }
}
