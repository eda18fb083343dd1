import pg from 'pg'
import { postgresPoolErrorChannel } from './postgres-errors.js'

/** The channel every transaction that appends a change notifies (pg_notify) as it commits. */
export const COMMIT_CHANNEL = 'verge_changes'

const RETRY_MIN_MS = 100
const RETRY_MAX_MS = 5_000

/**
 * One connection that LISTENs on `COMMIT_CHANNEL` and calls every watcher when a change commits,
 * on this control node or another one sharing the database. PostgreSQL delivers a notification
 * only when its transaction commits. A lost connection is opened again with backoff. Watchers are
 * also called each time the connection starts listening: commits before that went unseen.
 */
export class PostgresCommitListener {
  readonly #config: pg.ClientConfig
  readonly #watchers = new Set<() => void>()
  #client: pg.Client | undefined
  #retryMs = RETRY_MIN_MS
  #timer: NodeJS.Timeout | undefined
  #closed = false

  constructor(config: pg.ClientConfig) {
    this.#config = config
  }

  /** Calls `watcher` after each commit of a change; returns what stops it. */
  watch(watcher: () => void): () => void {
    this.#watchers.add(watcher)
    if (this.#client === undefined && this.#timer === undefined) void this.#connect()
    return () => {
      this.#watchers.delete(watcher)
    }
  }

  async close(): Promise<void> {
    this.#closed = true
    clearTimeout(this.#timer)
    const client = this.#client
    this.#client = undefined
    await client?.end().catch(() => undefined)
  }

  #notify(): void {
    for (const watcher of this.#watchers) watcher()
  }

  async #connect(): Promise<void> {
    this.#timer = undefined
    if (this.#closed) return
    const client = new pg.Client(this.#config)
    // Set before connecting: an error event without a listener would end the process.
    client.on('error', (error) => postgresPoolErrorChannel.publish({ error }))
    client.on('notification', () => this.#notify())
    client.on('end', () => {
      if (this.#client !== client) return
      this.#client = undefined
      this.#retry()
    })
    try {
      await client.connect()
      await client.query(`LISTEN ${COMMIT_CHANNEL}`)
    } catch (error) {
      postgresPoolErrorChannel.publish({ error })
      await client.end().catch(() => undefined)
      this.#retry()
      return
    }
    if (this.#closed) {
      await client.end().catch(() => undefined)
      return
    }
    this.#client = client
    this.#retryMs = RETRY_MIN_MS
    this.#notify()
  }

  #retry(): void {
    if (this.#closed || this.#timer !== undefined) return
    this.#timer = setTimeout(() => void this.#connect(), this.#retryMs)
    this.#timer.unref()
    this.#retryMs = Math.min(RETRY_MAX_MS, this.#retryMs * 2)
  }
}
