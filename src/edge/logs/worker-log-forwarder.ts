import type { FunctionLogRecord } from '../../sync/index.js'
import type { FunctionLogEntry } from '../viewer/context.js'

/** Most entries a worker holds before it forwards them, whatever the delay. */
const MAX_PENDING = 500

/**
 * A worker's side of function logs: every entry the pipeline logs gets its time and is sent to
 * the primary in batches (one IPC message per `delayMs`, or sooner when many are pending), which
 * ships them to the control plane (`log-shipper.ts`).
 */
export class WorkerLogForwarder {
  readonly #send: (entries: FunctionLogRecord[]) => void
  readonly #delayMs: number
  #pending: FunctionLogRecord[] = []
  #timer: NodeJS.Timeout | undefined

  constructor(send: (entries: FunctionLogRecord[]) => void, delayMs = 50) {
    this.#send = send
    this.#delayMs = delayMs
  }

  add(entry: FunctionLogEntry): void {
    this.#pending.push({ ...entry, time: Date.now() })
    if (this.#pending.length >= MAX_PENDING) this.flush()
    else this.#timer ??= setTimeout(() => this.flush(), this.#delayMs)
  }

  flush(): void {
    const entries = this.drain()
    if (entries.length > 0) this.#send(entries)
  }

  /** Takes what is pending without sending it (the worker sends it itself as it stops). */
  drain(): FunctionLogRecord[] {
    clearTimeout(this.#timer)
    this.#timer = undefined
    const entries = this.#pending
    this.#pending = []
    return entries
  }
}
