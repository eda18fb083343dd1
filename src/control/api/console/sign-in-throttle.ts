/** How the console slows down guessing of the secret access key. */
export interface SignInThrottleOptions {
  /** Failed sign-ins from one address before it must wait; default 5. */
  freeFailures?: number
  /** The first wait; each further failure doubles it. Default 30 s. */
  firstLockMs?: number
  /** The longest wait; default 15 minutes. */
  maxLockMs?: number
  /** An address's failures are forgotten this long after its last one; default 15 minutes. */
  forgetMs?: number
  /** At most this many addresses are tracked; the oldest is dropped first. Default 10,000. */
  maxClients?: number
  clock?: () => number
}

interface Failures {
  count: number
  last: number
  lockedUntil: number
}

/**
 * Failed console sign-ins per client address, in memory on this control node: after
 * `freeFailures` failures an address waits before it may try again, twice as long after each
 * further failure, up to `maxLockMs`. A successful sign-in clears the address.
 */
export class SignInThrottle {
  readonly #clients = new Map<string, Failures>()
  readonly #freeFailures: number
  readonly #firstLockMs: number
  readonly #maxLockMs: number
  readonly #forgetMs: number
  readonly #maxClients: number
  readonly #clock: () => number

  constructor(options: SignInThrottleOptions = {}) {
    this.#freeFailures = options.freeFailures ?? 5
    this.#firstLockMs = options.firstLockMs ?? 30_000
    this.#maxLockMs = options.maxLockMs ?? 15 * 60_000
    this.#forgetMs = options.forgetMs ?? 15 * 60_000
    this.#maxClients = options.maxClients ?? 10_000
    this.#clock = options.clock ?? Date.now
  }

  /** Seconds `client` must still wait before trying, or 0 when it may try now. */
  waitSeconds(client: string): number {
    const failures = this.#current(client)
    if (failures === undefined) return 0
    const waitMs = failures.lockedUntil - this.#clock()
    return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0
  }

  failed(client: string): void {
    const now = this.#clock()
    const failures = this.#current(client) ?? { count: 0, last: now, lockedUntil: 0 }
    failures.count++
    failures.last = now
    const over = failures.count - this.#freeFailures
    if (over >= 0) failures.lockedUntil = now + Math.min(this.#maxLockMs, this.#firstLockMs * 2 ** over)
    // Re-inserted, so the Map's order stays oldest-failure first.
    this.#clients.delete(client)
    this.#clients.set(client, failures)
    if (this.#clients.size > this.#maxClients) {
      const oldest = this.#clients.keys().next().value
      if (oldest !== undefined) this.#clients.delete(oldest)
    }
  }

  succeeded(client: string): void {
    this.#clients.delete(client)
  }

  #current(client: string): Failures | undefined {
    const failures = this.#clients.get(client)
    if (failures === undefined) return undefined
    const now = this.#clock()
    if (now - failures.last >= this.#forgetMs && now >= failures.lockedUntil) {
      this.#clients.delete(client)
      return undefined
    }
    return failures
  }
}
