import { channel } from 'node:diagnostics_channel'
import { type Agent, request } from 'undici'
import {
  DATABASE_ID_HEADER,
  EDGE_ID_HEADER,
  EDGE_NAME_HEADER,
  HEARTBEAT_INTERVAL_MS,
  receiveSnapshotStream,
  type SnapshotSink,
  StreamDecoder,
  SYNC_ACK_PATH,
  SYNC_CHANGES_PATH,
  SYNC_SNAPSHOT_PATH,
  type SyncChange,
  type SyncRefusal,
} from '../../sync/index.js'
import { type ControlTrust, controlPlaneAgent } from './control-trust.js'
import { describeRefusal, type HeldData, judgeControlPlane, type OfferedData } from './sync-admission.js'

/**
 * Published on connection state changes and failures: `{event, error?, revision}`; a refusal
 * of the control plane's data is `{event: 'refused', reason, message, revision}`.
 */
export const syncChannel = channel('verge:edge:sync')

/** Where the sync client delivers what it receives; called between invocations. */
export interface SyncTarget {
  readonly revision: number
  /** The identity of the database the held data came from (undefined: none, or an older file). */
  readonly databaseId: string | undefined
  /**
   * Where the next snapshot goes: the sink replaces the held data at its commit, and keeps it
   * whole if the stream fails (it is aborted).
   */
  snapshotSink(): SnapshotSink
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
  /**
   * Take the control plane's data even when it comes from another database, or is behind the
   * edge (the operator says so: `verge edge --accept-new-control-plane`). Default false: the edge
   * refuses and keeps serving its own data.
   */
  acceptNewControlPlane?: boolean
  /** While refusing, checks again after delays growing up to this (default 60 s). */
  maxRefusalBackoffMs?: number
  /** What to trust for an `https://` control plane besides Node's CAs. */
  trust?: ControlTrust
}

/**
 * Follows the control plane: a snapshot when the edge has nothing (or is told to resync), then
 * the change stream from the applied revision; every applied revision is acknowledged.
 * Reconnects with backoff and resumes from where it was. Data from another database, or from a
 * control plane behind the edge, is refused (`judgeControlPlane`) unless the operator accepts
 * it: the edge keeps what it has, reports the refusal and checks again with backoff.
 */
export class SyncClient {
  readonly #options: SyncClientOptions
  readonly #headers: Record<string, string>
  /** Every request's TLS trust: the given CA added to the system's (undici's default agent otherwise). */
  readonly #tls: { dispatcher?: Agent }
  #running = false
  #abort: AbortController | undefined
  #wake: (() => void) | undefined
  #connected = false
  #refused: SyncRefusal | undefined
  #ackInFlight = false
  #ackPending = false
  #done: Promise<void> | undefined

  constructor(options: SyncClientOptions) {
    this.#options = options
    this.#tls = options.trust === undefined ? {} : { dispatcher: controlPlaneAgent(options.trust) }
    this.#headers = {
      authorization: `Bearer ${options.token}`,
      [EDGE_ID_HEADER]: options.edgeId,
      [EDGE_NAME_HEADER]: options.edgeName,
    }
  }

  get connected(): boolean {
    return this.#connected
  }

  /** Why the edge refuses the control plane's data, while it does. */
  get refused(): SyncRefusal | undefined {
    return this.#refused
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
    await this.#tls.dispatcher?.close()
  }

  async #loop(): Promise<void> {
    const min = this.#options.minBackoffMs ?? 100
    const max = this.#options.maxBackoffMs ?? 5000
    const maxRefusal = Math.max(max, this.#options.maxRefusalBackoffMs ?? 60_000)
    let backoff = min
    let resync = this.#options.target.revision === 0
    while (this.#running) {
      let refused = false
      try {
        if (resync) {
          refused = !(await this.#fetchSnapshot())
          if (!refused) resync = false
        }
        if (!refused) {
          const outcome = await this.#stream()
          if (outcome === 'resync') resync = true
          refused = outcome === 'refused'
        }
        if (!refused) backoff = min
      } catch (error) {
        if (!this.#running) break
        syncChannel.publish({ event: 'error', error, revision: this.#options.target.revision })
      }
      this.#connected = false
      if (!this.#running) break
      await this.#sleep(backoff)
      backoff = Math.min(refused ? maxRefusal : max, backoff * 2)
    }
  }

  /**
   * Streams the control plane's snapshot into the target's sink; false if the edge refuses it
   * (judged on the stream's first part, before anything is written). A stream that fails or
   * does not check out is an error, retried; the held data stays whole.
   */
  async #fetchSnapshot(): Promise<boolean> {
    const abort = new AbortController()
    this.#abort = abort
    const response = await request(new URL(SYNC_SNAPSHOT_PATH, this.#options.controlUrl), {
      headers: this.#headers,
      signal: abort.signal,
      ...this.#tls,
    })
    if (response.statusCode !== 200) {
      const text = await response.body.text()
      throw new Error(`Snapshot refused: ${response.statusCode} ${text}`)
    }
    const held = this.#held()
    const receipt = await receiveSnapshotStream(response.body, (offered) => {
      const verdict = judgeControlPlane(held, offered, this.#options.acceptNewControlPlane === true)
      if (verdict === 'continue' || verdict === 'replace') return this.#options.target.snapshotSink()
      this.#refuse(verdict, held, offered)
      return undefined
    })
    if (receipt.outcome === 'declined') {
      abort.abort()
      return false
    }
    this.#refused = undefined
    syncChannel.publish({ event: 'snapshot', revision: receipt.header.revision })
    void this.#ack()
    return true
  }

  #held(): HeldData {
    const { target } = this.#options
    return { databaseId: target.databaseId, revision: target.revision }
  }

  #refuse(reason: SyncRefusal, held: HeldData, offered: OfferedData): void {
    this.#refused = reason
    this.#connected = false
    syncChannel.publish({
      event: 'refused',
      reason,
      message: describeRefusal(reason, held, offered),
      revision: held.revision,
    })
    // Tell the control plane, so that its Edges list shows why this edge does not follow it.
    request(new URL(SYNC_ACK_PATH, this.#options.controlUrl), {
      method: 'POST',
      headers: { ...this.#headers, 'content-type': 'application/json' },
      body: JSON.stringify({ revision: held.revision, refused: reason }),
      ...this.#tls,
    })
      .then((response) => response.body.dump())
      .catch((error: unknown) => syncChannel.publish({ event: 'ack-failed', error, revision: held.revision }))
  }

  async #stream(): Promise<'ended' | 'resync' | 'refused'> {
    const abort = new AbortController()
    this.#abort = abort
    const held = this.#held()
    const url = new URL(SYNC_CHANGES_PATH, this.#options.controlUrl)
    url.searchParams.set('after', String(held.revision))
    const headers =
      held.databaseId === undefined || held.revision === 0
        ? this.#headers
        : { ...this.#headers, [DATABASE_ID_HEADER]: held.databaseId }
    const response = await request(url, { headers, signal: abort.signal, bodyTimeout: 0, ...this.#tls })
    if (response.statusCode !== 200) {
      const text = await response.body.text()
      throw new Error(`Change stream refused: ${response.statusCode} ${text}`)
    }
    let greeted = false
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
          if (!greeted) {
            // The control plane says which database it serves before anything else.
            if (message.type !== 'hello') throw new Error('The change stream did not begin with hello.')
            greeted = true
            const verdict = judgeControlPlane(held, message, this.#options.acceptNewControlPlane === true)
            if (verdict === 'replace') return 'resync'
            if (verdict !== 'continue') {
              this.#refuse(verdict, held, message)
              return 'refused'
            }
            this.#refused = undefined
            this.#connected = true
            syncChannel.publish({ event: 'connected', revision: held.revision })
          } else if (message.type === 'change') changes.push(message.change)
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
          ...this.#tls,
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
