/**
 * Which functions crashed their worker, and which are quarantined. A function that was running
 * when its worker died `crashLimit` times within `windowMs` is quarantined: the edge answers its
 * requests with 503 without running it, for 30 s the first time, doubling up to 15 min when it
 * is quarantined again soon after; after a clean period the interval starts over at 30 s.
 */
export interface QuarantineOptions {
  crashLimit?: number
  windowMs?: number
  initialMs?: number
  maxMs?: number
  /** Quarantined again within this long after the last quarantine ended: the interval doubles. */
  cleanMs?: number
  now?: () => number
}

/** A quarantined function and the time (ms since the epoch) it may run again. */
export interface QuarantineEntry {
  arn: string
  until: number
}

/** What `crashed` decided. */
export interface CrashVerdict {
  /** Crashes within the window, this one included. */
  crashes: number
  /** Set when this crash quarantined the function: for how long. */
  quarantinedMs?: number
}

interface Record {
  crashes: number[]
  /** When the current or last quarantine ends. */
  until: number
  /** The last quarantine's interval (0: never quarantined). */
  lastMs: number
}

export class QuarantineBook {
  readonly #crashLimit: number
  readonly #windowMs: number
  readonly #initialMs: number
  readonly #maxMs: number
  readonly #cleanMs: number
  readonly #now: () => number
  readonly #records = new Map<string, Record>()

  constructor(options: QuarantineOptions = {}) {
    this.#crashLimit = options.crashLimit ?? 2
    this.#windowMs = options.windowMs ?? 60_000
    this.#initialMs = options.initialMs ?? 30_000
    this.#maxMs = options.maxMs ?? 15 * 60_000
    this.#cleanMs = options.cleanMs ?? 15 * 60_000
    this.#now = options.now ?? Date.now
  }

  /** Records that `arn` was running when a worker died. */
  crashed(arn: string): CrashVerdict {
    const now = this.#now()
    let record = this.#records.get(arn)
    if (record === undefined) {
      record = { crashes: [], until: 0, lastMs: 0 }
      this.#records.set(arn, record)
    }
    record.crashes = record.crashes.filter((at) => now - at < this.#windowMs)
    record.crashes.push(now)
    const crashes = record.crashes.length
    if (crashes < this.#crashLimit || record.until > now) return { crashes }
    const again = record.lastMs > 0 && now - record.until < this.#cleanMs
    const ms = again ? Math.min(this.#maxMs, record.lastMs * 2) : this.#initialMs
    record.lastMs = ms
    record.until = now + ms
    record.crashes = []
    return { crashes, quarantinedMs: ms }
  }

  /** Forgets `arn` (its code changed: the new code starts with a clean record). */
  forget(arn: string): boolean {
    const record = this.#records.get(arn)
    this.#records.delete(arn)
    return record !== undefined && record.until > this.#now()
  }

  /** The functions quarantined now. */
  active(): QuarantineEntry[] {
    const now = this.#now()
    const out: QuarantineEntry[] = []
    for (const [arn, record] of this.#records) if (record.until > now) out.push({ arn, until: record.until })
    return out
  }
}
