import { channel } from 'node:diagnostics_channel'
import { request } from 'undici'
import {
  EDGE_ID_HEADER,
  EDGE_NAME_HEADER,
  HEARTBEAT_INTERVAL_MS,
  type Snapshot,
  StreamDecoder,
  SYNC_ACK_PATH,
  SYNC_CHANGES_PATH,
  SYNC_SNAPSHOT_PATH,
  type SyncChange,
} from '../sync/protocol.js'

/** Published on connection state changes and failures: `{event, error?, revision}`. */
export const syncChannel = channel('verge:edge:sync')

/** Where the sync client delivers what it receives; called between invocations. */
export interface SyncTarget {
  readonly revision: number
  applySnapshot(snapshot: Snapshot): void
  applyChanges(changes: SyncChange[]): void
}

export interface SyncClientOptions {
  controlUrl: string
  token: string
  edgeId: string
  edgeName: string
  target: SyncTarget
  /** Reconnect delays grow from `minBackoffMs` to `maxBackoffMs`. */
  minBackoffMs?: number
  maxBackoffMs?: number
  /** A stream silent for this long is considered dead (default 3 heartbeats). */
  idleTimeoutMs?: number
}

/**
 * Follows the control plane: a snapshot when the edge has nothing (or is told to resync), then
 * the change stream from the applied revision; every applied revision is acknowledged.
 * Reconnects with backoff and resumes from where it was.
 */
export class SyncClient {
  readonly #options: SyncClientOptions
  readonly #headers: Record<string, string>
  #running = false
  #abort: AbortController | undefined
  #wake: (() => void) | undefined
  #connected = false
  #ackInFlight = false
  #ackPending = false
  #done: Promise<void> | undefined

  constructor(options: SyncClientOptions) {
    this.#options = options
    this.#headers = {
      authorization: `Bearer ${options.token}`,
      [EDGE_ID_HEADER]: options.edgeId,
      [EDGE_NAME_HEADER]: options.edgeName,
    }
  }

  get connected(): boolean {
    return this.#connected
  }

  start(): void {
    if (this.#running) return
    this.#running = true
    this.#done = this.#loop()
  }

  async stop(): Promise<void> {
    this.#running = false
    this.#abort?.abort()
    this.#wake?.()
    await this.#done
  }

  async #loop(): Promise<void> {
    const min = this.#options.minBackoffMs ?? 100
    const max = this.#options.maxBackoffMs ?? 5000
    let backoff = min
    let resync = this.#options.target.revision === 0
    while (this.#running) {
      try {
        if (resync) {
          await this.#fetchSnapshot()
          resync = false
        }
        const outcome = await this.#stream()
        if (outcome === 'resync') resync = true
        backoff = min
      } catch (error) {
        if (!this.#running) break
        syncChannel.publish({ event: 'error', error, revision: this.#options.target.revision })
      }
      this.#connected = false
      if (!this.#running) break
      await this.#sleep(backoff)
      backoff = Math.min(max, backoff * 2)
    }
  }

  async #fetchSnapshot(): Promise<void> {
    this.#abort = new AbortController()
    const response = await request(new URL(SYNC_SNAPSHOT_PATH, this.#options.controlUrl), {
      headers: this.#headers,
      signal: this.#abort.signal,
    })
    if (response.statusCode !== 200) {
      const text = await response.body.text()
      throw new Error(`Snapshot refused: ${response.statusCode} ${text}`)
    }
    const snapshot = (await response.body.json()) as Snapshot
    this.#options.target.applySnapshot(snapshot)
    syncChannel.publish({ event: 'snapshot', revision: snapshot.revision })
    void this.#ack()
  }

  async #stream(): Promise<'ended' | 'resync'> {
    const abort = new AbortController()
    this.#abort = abort
    const url = new URL(SYNC_CHANGES_PATH, this.#options.controlUrl)
    url.searchParams.set('after', String(this.#options.target.revision))
    const response = await request(url, { headers: this.#headers, signal: abort.signal, bodyTimeout: 0 })
    if (response.statusCode !== 200) {
      const text = await response.body.text()
      throw new Error(`Change stream refused: ${response.statusCode} ${text}`)
    }
    this.#connected = true
    syncChannel.publish({ event: 'connected', revision: this.#options.target.revision })
    const idleMs = this.#options.idleTimeoutMs ?? HEARTBEAT_INTERVAL_MS * 3
    let idle = setTimeout(() => abort.abort(), idleMs)
    const decoder = new StreamDecoder()
    try {
      response.body.setEncoding('utf8')
      for await (const chunk of response.body as AsyncIterable<string>) {
        clearTimeout(idle)
        idle = setTimeout(() => abort.abort(), idleMs)
        const changes: SyncChange[] = []
        for (const message of decoder.push(chunk)) {
          if (message.type === 'change') changes.push(message.change)
          else if (message.type === 'resync') return 'resync'
        }
        if (changes.length > 0) {
          this.#options.target.applyChanges(changes)
          void this.#ack()
        }
      }
      return 'ended'
    } finally {
      clearTimeout(idle)
    }
  }

  // One ack in flight at a time; a newer revision applied meanwhile is sent right after.
  async #ack(): Promise<void> {
    if (this.#ackInFlight) {
      this.#ackPending = true
      return
    }
    this.#ackInFlight = true
    try {
      do {
        this.#ackPending = false
        const response = await request(new URL(SYNC_ACK_PATH, this.#options.controlUrl), {
          method: 'POST',
          headers: { ...this.#headers, 'content-type': 'application/json' },
          body: JSON.stringify({ revision: this.#options.target.revision }),
        })
        await response.body.dump()
      } while (this.#ackPending && this.#running)
    } catch (error) {
      syncChannel.publish({ event: 'ack-failed', error, revision: this.#options.target.revision })
    } finally {
      this.#ackInFlight = false
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        resolve()
      }
      this.#wake = done
    })
  }
}
