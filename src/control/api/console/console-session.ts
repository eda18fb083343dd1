import { randomBytes, timingSafeEqual } from 'node:crypto'

/** One signed-in browser: the id lives in an HttpOnly cookie, the CSRF token in the page. */
export interface ConsoleSession {
  readonly id: string
  readonly csrfToken: string
  readonly accessKeyId: string
  readonly created: number
  /** When the session ends unless it is used again (ms since epoch). */
  expires: number
}

export interface ConsoleSessionStoreOptions {
  /** A session unused this long ends; default 1 hour. */
  idleMs?: number
  /** A session ends this long after sign-in however much it is used; default 12 hours. */
  maxAgeMs?: number
  /** At most this many live sessions; the oldest is dropped first. Default 1000. */
  maxSessions?: number
  clock?: () => number
}

export const DEFAULT_SESSION_IDLE_MS = 60 * 60 * 1000
export const DEFAULT_SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000

function token(): string {
  return randomBytes(32).toString('base64url')
}

/** Compares two secrets in constant time (for equal lengths). */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * The console's sessions, in memory on this control node: a random 256-bit id per sign-in,
 * its CSRF token, and a sliding expiry capped by a maximum age. A restart signs everyone out.
 */
export class ConsoleSessionStore {
  readonly #sessions = new Map<string, ConsoleSession>()
  readonly #idleMs: number
  readonly #maxAgeMs: number
  readonly #maxSessions: number
  readonly #clock: () => number

  constructor(options: ConsoleSessionStoreOptions = {}) {
    this.#idleMs = options.idleMs ?? DEFAULT_SESSION_IDLE_MS
    this.#maxAgeMs = options.maxAgeMs ?? DEFAULT_SESSION_MAX_AGE_MS
    this.#maxSessions = options.maxSessions ?? 1000
    this.#clock = options.clock ?? Date.now
  }

  /** Seconds a fresh session's cookie lives (its maximum age). */
  get cookieMaxAgeSeconds(): number {
    return Math.floor(this.#maxAgeMs / 1000)
  }

  create(accessKeyId: string): ConsoleSession {
    const now = this.#clock()
    this.#sweep(now)
    while (this.#sessions.size >= this.#maxSessions) {
      // Map keeps insertion order: the first entry is the oldest sign-in.
      const oldest = this.#sessions.keys().next().value
      if (oldest === undefined) break
      this.#sessions.delete(oldest)
    }
    const session: ConsoleSession = {
      id: token(),
      csrfToken: token(),
      accessKeyId,
      created: now,
      expires: Math.min(now + this.#idleMs, now + this.#maxAgeMs),
    }
    this.#sessions.set(session.id, session)
    return session
  }

  /** The live session with this id, its expiry pushed back; undefined when unknown or expired. */
  touch(id: string | undefined): ConsoleSession | undefined {
    if (id === undefined || id === '') return undefined
    const session = this.#sessions.get(id)
    if (session === undefined) return undefined
    const now = this.#clock()
    if (now >= session.expires) {
      this.#sessions.delete(id)
      return undefined
    }
    session.expires = Math.min(now + this.#idleMs, session.created + this.#maxAgeMs)
    return session
  }

  delete(id: string): void {
    this.#sessions.delete(id)
  }

  get size(): number {
    return this.#sessions.size
  }

  #sweep(now: number): void {
    for (const [id, session] of this.#sessions) {
      if (now >= session.expires) this.#sessions.delete(id)
    }
  }
}
