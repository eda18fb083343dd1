import { type Agent, request } from 'undici'
import {
  EDGE_ID_HEADER,
  EDGE_NAME_HEADER,
  type FunctionLogBatch,
  type FunctionLogRecord,
  MAX_LOG_BATCH_BYTES,
  MAX_LOG_BATCH_ENTRIES,
  SYNC_LOGS_PATH,
} from '../../sync/index.js'
import { type ControlTrust, controlPlaneAgent } from '../replication/control-trust.js'
import { BoundedQueue } from './bounded-queue.js'

/** Entries held while the control plane is unreachable; past it the oldest are dropped. */
export const DEFAULT_LOG_BUFFER_ENTRIES = 10_000

export interface LogShipperOptions {
  controlUrl: string
  token: string
  edgeId: string
  edgeName: string
  /** What to trust for an `https://` control plane besides Node's CAs, as the sync client does. */
  controlTrust?: ControlTrust
  /** Default `DEFAULT_LOG_BUFFER_ENTRIES`. */
  maxEntries?: number
  /** How long entries wait to be batched before a post; default 100 ms. */
  flushDelayMs?: number
  /** After a failed post, the next waits from `minBackoffMs` doubling to `maxBackoffMs`. */
  minBackoffMs?: number
  maxBackoffMs?: number
  /** Told of entries dropped from the full buffer and of entries the control plane accepted. */
  onDropped?: (count: number) => void
  onShipped?: (count: number) => void
}

// A rough size of one entry on the wire, so that a batch stays under the body limit.
const entryBytes = (entry: FunctionLogRecord) => {
  let bytes = 300 + (entry.errorMessage?.length ?? 0)
  for (const line of entry.logs) bytes += line.length * 2 + 4
  return bytes
}

/**
 * Ships an edge's function logs to the control plane: batches of entries posted to
 * `/_verge/sync/logs` with the edge token, shortly after they arrive. While the control plane
 * is unreachable the entries stay in a bounded buffer (oldest dropped first, counted, and the
 * count reported with the next batch) and posts are retried with backoff.
 */
export class FunctionLogShipper {
  readonly #options: LogShipperOptions
  readonly #queue: BoundedQueue<FunctionLogRecord>
  readonly #url: string
  readonly #tls: { dispatcher?: Agent }
  #unreported = 0
  #timer: NodeJS.Timeout | undefined
  #sending: Promise<void> | undefined
  #backoffMs = 0
  #stopped = false
  #failedPosts = 0

  constructor(options: LogShipperOptions) {
    this.#options = options
    this.#queue = new BoundedQueue(options.maxEntries ?? DEFAULT_LOG_BUFFER_ENTRIES)
    this.#url = new URL(SYNC_LOGS_PATH, options.controlUrl).toString()
    this.#tls =
      options.controlTrust === undefined ? {} : { dispatcher: controlPlaneAgent(options.controlTrust) }
  }

  /** Entries waiting to be shipped. */
  get buffered(): number {
    return this.#queue.length
  }

  /** Posts that failed (the control plane unreachable or refusing), since the edge started. */
  get failedPosts(): number {
    return this.#failedPosts
  }

  /** Entries dropped because the buffer was full, since the edge started. */
  get dropped(): number {
    return this.#queue.dropped
  }

  push(entries: readonly FunctionLogRecord[]): void {
    if (this.#stopped || entries.length === 0) return
    this.#dropped(this.#queue.push(entries))
    this.#schedule(this.#backoffMs === 0 ? (this.#options.flushDelayMs ?? 100) : this.#backoffMs)
  }

  /** Stops retrying, after one last attempt to ship what is buffered. */
  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#sending
    if (this.#queue.length > 0) await this.#send(1_000)
    await this.#tls.dispatcher?.close()
  }

  #dropped(count: number): void {
    if (count === 0) return
    this.#unreported += count
    this.#options.onDropped?.(count)
  }

  #schedule(ms: number): void {
    if (this.#timer !== undefined || this.#sending !== undefined || this.#stopped) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#sending = this.#send(5_000).finally(() => {
        this.#sending = undefined
        if (this.#queue.length > 0) this.#schedule(this.#backoffMs)
      })
    }, ms)
  }

  /** Posts one batch; on failure it goes back to the front of the buffer. */
  async #send(timeoutMs: number): Promise<void> {
    let bytes = 0
    const entries = this.#queue.take(MAX_LOG_BATCH_ENTRIES, (entry) => {
      bytes += entryBytes(entry)
      return bytes < MAX_LOG_BATCH_BYTES / 2
    })
    if (entries.length === 0) return
    const dropped = this.#unreported
    const batch: FunctionLogBatch = { entries, dropped }
    try {
      const response = await request(this.#url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.#options.token}`,
          [EDGE_ID_HEADER]: this.#options.edgeId,
          [EDGE_NAME_HEADER]: this.#options.edgeName,
          'content-type': 'application/json',
        },
        body: JSON.stringify(batch),
        ...this.#tls,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      })
      await response.body.dump()
      // A batch the control plane refuses as malformed would be refused again: it is dropped.
      if (response.statusCode === 400 || response.statusCode === 413) {
        this.#dropped(entries.length)
        return
      }
      if (response.statusCode !== 204 && response.statusCode !== 200)
        throw new Error(`The control plane answered ${response.statusCode}.`)
      this.#unreported -= dropped
      this.#backoffMs = 0
      this.#options.onShipped?.(entries.length)
    } catch {
      this.#failedPosts++
      this.#dropped(this.#queue.putBack(entries))
      const min = this.#options.minBackoffMs ?? 250
      this.#backoffMs = Math.min(this.#options.maxBackoffMs ?? 5_000, Math.max(min, this.#backoffMs * 2))
    }
  }
}
