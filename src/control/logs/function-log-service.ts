import type { FunctionLogBatch } from '../../sync/index.js'
import type {
  FunctionLogFilter,
  FunctionLogRetention,
  FunctionLogStore,
  StoredFunctionLog,
} from './function-log-store.js'

/** Default retention: a day, and 256 MiB of lines. */
export const DEFAULT_FUNCTION_LOG_RETENTION: FunctionLogRetention = {
  maxAgeMs: 24 * 3_600_000,
  maxBytes: 256 * 1024 * 1024,
}

/** How often retention runs besides after ingestion. */
const PRUNE_INTERVAL_MS = 60_000
/** A follower checks the store at least this often (entries another control node stored). */
const FOLLOW_POLL_MS = 1_000
/** A follower with nothing new gets an empty batch (a heartbeat) this often. */
const FOLLOW_HEARTBEAT_MS = 15_000

export interface FunctionLogServiceOptions {
  store: FunctionLogStore
  retention?: Partial<FunctionLogRetention>
  clock?: () => number
  /** Told of every batch an edge sends: entries stored, and entries the edge dropped. */
  onIngested?: (edge: { id: string; name: string }, stored: number, dropped: number) => void
}

/** A filter for `follow`: `afterId` is where it starts (the newest entry's id by default). */
export type FollowFilter = Omit<FunctionLogFilter, 'limit' | 'afterId'> & { afterId?: number }

/**
 * The control plane's function logs: what edges send (`ingest`), what `verge function logs`
 * reads (`query`) and follows (`follow`, woken by every ingest and polling for entries another
 * control node stored), and the retention limits, applied after ingests and every minute.
 */
export class FunctionLogService {
  readonly #store: FunctionLogStore
  readonly #retention: FunctionLogRetention
  readonly #clock: () => number
  readonly #options: FunctionLogServiceOptions
  readonly #waiters = new Set<() => void>()
  readonly #timer: NodeJS.Timeout
  #lastPrune = 0
  #closed = false

  constructor(options: FunctionLogServiceOptions) {
    this.#options = options
    this.#store = options.store
    this.#retention = { ...DEFAULT_FUNCTION_LOG_RETENTION, ...options.retention }
    this.#clock = options.clock ?? Date.now
    this.#timer = setInterval(() => this.prune(), PRUNE_INTERVAL_MS)
    this.#timer.unref()
    this.prune()
  }

  get retention(): FunctionLogRetention {
    return this.#retention
  }

  ingest(edge: { id: string; name: string }, batch: FunctionLogBatch): void {
    const now = this.#clock()
    if (batch.entries.length > 0) this.#store.append(edge, batch.entries, now)
    this.#options.onIngested?.(edge, batch.entries.length, batch.dropped)
    if (now - this.#lastPrune > 5_000) this.prune()
    for (const wake of this.#waiters) wake()
  }

  query(filter: FunctionLogFilter): StoredFunctionLog[] {
    return this.#store.query(filter)
  }

  /** Removes what the retention limits no longer keep. */
  prune(): number {
    this.#lastPrune = this.#clock()
    return this.#store.prune(this.#retention, this.#lastPrune)
  }

  /**
   * Batches of new matching entries as they are stored, oldest first, until `signal` aborts;
   * an empty batch now and then while nothing comes (for the stream's heartbeat).
   */
  async *follow(filter: FollowFilter, signal: AbortSignal): AsyncGenerator<StoredFunctionLog[]> {
    let cursor = filter.afterId ?? this.#store.query({ ...filter, limit: 1 }).at(-1)?.id ?? 0
    let idle = 0
    while (!signal.aborted && !this.#closed) {
      const rows = this.#store.query({ ...filter, afterId: cursor, limit: 500 })
      if (rows.length > 0) {
        cursor = (rows.at(-1) as StoredFunctionLog).id
        idle = 0
        yield rows
        continue
      }
      if (!(await this.#wait(signal))) {
        idle += FOLLOW_POLL_MS
        if (idle >= FOLLOW_HEARTBEAT_MS) {
          idle = 0
          yield []
        }
      }
    }
  }

  close(): void {
    this.#closed = true
    clearInterval(this.#timer)
    for (const wake of this.#waiters) wake()
    this.#store.close()
  }

  /** Resolves true when an ingest happened, false after the poll interval (or an abort). */
  #wait(signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(timer)
        this.#waiters.delete(wake)
        signal.removeEventListener('abort', aborted)
        resolve(woken)
      }
      const wake = () => done(true)
      const aborted = () => done(false)
      const timer = setTimeout(() => done(false), FOLLOW_POLL_MS)
      this.#waiters.add(wake)
      signal.addEventListener('abort', aborted)
    })
  }
}
