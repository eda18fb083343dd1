import type { SyncChange } from '../../sync/index.js'
import type { ChangeRecord, StateStore } from '../state/state-store.js'

export interface ChangeFeedOptions {
  /** Reads the log this often even without a wake-up (other control nodes commit too). */
  pollIntervalMs?: number
  /** Changes read per query while a subscriber catches up. */
  batchSize?: number
}

export interface Subscription {
  /** The last revision handed to the listener. */
  readonly position: number
  close(): void
}

type Listener = (changes: SyncChange[]) => void

interface Subscriber {
  position: number
  live: boolean
  closed: boolean
  listener: Listener
}

const RECENT_COMMITS = 10_000

export function toSyncChange(record: ChangeRecord): SyncChange {
  // The record's fields, in its order, with the commit time as ISO 8601.
  return { ...record, committed: record.committed.toISOString() }
}

/**
 * The control plane's change log as a live feed: every subscriber gets each change after its
 * starting revision exactly once, in order. One reader follows the log for all live
 * subscribers; a subscriber that starts behind catches up from the log first.
 */
export class ChangeFeed {
  readonly #state: StateStore
  readonly #batchSize: number
  readonly #subscribers = new Set<Subscriber>()
  readonly #commitTimes = new Map<number, number>()
  readonly #timer: NodeJS.Timeout
  #latest = 0
  #reading: Promise<void> | undefined
  #again = false

  private constructor(state: StateStore, latest: number, options: ChangeFeedOptions) {
    this.#state = state
    this.#latest = latest
    this.#batchSize = options.batchSize ?? 1000
    this.#timer = setInterval(() => this.wake(), options.pollIntervalMs ?? 1000)
    this.#timer.unref()
  }

  static async open(state: StateStore, options: ChangeFeedOptions = {}): Promise<ChangeFeed> {
    return new ChangeFeed(state, await state.latestRevision(), options)
  }

  /** The identity of the database the feed reads (`StateStore.databaseId`). */
  get databaseId(): string {
    return this.#state.databaseId
  }

  /** The newest revision the feed has seen. */
  get latest(): number {
    return this.#latest
  }

  /** When `revision` was committed (ms since epoch), if it is recent enough to be known. */
  committedAt(revision: number): number | undefined {
    return this.#commitTimes.get(revision)
  }

  /** Reads new changes now (after a local commit). */
  wake(): void {
    if (this.#reading !== undefined) {
      this.#again = true
      return
    }
    this.#reading = this.#readNew().finally(() => {
      this.#reading = undefined
      if (this.#again) {
        this.#again = false
        this.wake()
      }
    })
  }

  /** Resolves once every change committed before the call has been read. */
  async settle(): Promise<void> {
    this.wake()
    while (this.#reading !== undefined) await this.#reading
  }

  subscribe(afterRevision: number, listener: Listener): Subscription {
    const subscriber: Subscriber = { position: afterRevision, live: false, closed: false, listener }
    this.#subscribers.add(subscriber)
    void this.#catchUp(subscriber)
    const subscribers = this.#subscribers
    return {
      get position() {
        return subscriber.position
      },
      close() {
        subscriber.closed = true
        subscribers.delete(subscriber)
      },
    }
  }

  close(): void {
    clearInterval(this.#timer)
    for (const subscriber of this.#subscribers) subscriber.closed = true
    this.#subscribers.clear()
  }

  async #readNew(): Promise<void> {
    for (;;) {
      const records = await this.#state.listChanges({ afterRevision: this.#latest, limit: this.#batchSize })
      if (records.length === 0) return
      const changes = records.map(toSyncChange)
      for (const record of records) this.#remember(record)
      this.#latest = changes[changes.length - 1]?.revision ?? this.#latest
      for (const subscriber of this.#subscribers) {
        if (!subscriber.live || subscriber.closed) continue
        const fresh = changes.filter((change) => change.revision > subscriber.position)
        if (fresh.length === 0) continue
        subscriber.position = fresh[fresh.length - 1]?.revision ?? subscriber.position
        subscriber.listener(fresh)
      }
      if (records.length < this.#batchSize) return
    }
  }

  async #catchUp(subscriber: Subscriber): Promise<void> {
    // Reads from the log until the subscriber reaches what the live reader has seen; from then
    // on the live reader serves it. Anything the live reader saw meanwhile is re-read here.
    while (!subscriber.closed && subscriber.position < this.#latest) {
      const records = await this.#state.listChanges({
        afterRevision: subscriber.position,
        limit: this.#batchSize,
      })
      if (records.length === 0 || subscriber.closed) break
      subscriber.position = records[records.length - 1]?.revision ?? subscriber.position
      subscriber.listener(records.map(toSyncChange))
    }
    // No await since the last check: the live reader cannot have passed us in between.
    subscriber.live = true
  }

  #remember(record: ChangeRecord): void {
    this.#commitTimes.set(record.revision, record.committed.getTime())
    if (this.#commitTimes.size > RECENT_COMMITS) {
      const oldest = this.#commitTimes.keys().next().value
      if (oldest !== undefined) this.#commitTimes.delete(oldest)
    }
  }
}
