/**
 * How long to wait before replacing a process that died: 100 ms, doubling to 10 s while the
 * deaths keep coming, back to 100 ms once the process has run healthy for a while. A process that
 * always dies at once is retried forever, but never in a tight loop.
 */
export interface RestartBackoffOptions {
  initialMs?: number
  maxMs?: number
  /** A death after this long without one resets the wait to `initialMs`. */
  healthyMs?: number
  now?: () => number
}

export class RestartBackoff {
  readonly #initialMs: number
  readonly #maxMs: number
  readonly #healthyMs: number
  readonly #now: () => number
  #nextMs: number
  #lastDeath = Number.NEGATIVE_INFINITY

  constructor(options: RestartBackoffOptions = {}) {
    this.#initialMs = options.initialMs ?? 100
    this.#maxMs = options.maxMs ?? 10_000
    this.#healthyMs = options.healthyMs ?? 30_000
    this.#now = options.now ?? Date.now
    this.#nextMs = this.#initialMs
  }

  /** Records a death; returns how long to wait before starting the replacement. */
  died(): number {
    const now = this.#now()
    if (now - this.#lastDeath >= this.#healthyMs) this.#nextMs = this.#initialMs
    this.#lastDeath = now
    const wait = this.#nextMs
    this.#nextMs = Math.min(this.#maxMs, this.#nextMs * 2)
    return wait
  }
}
