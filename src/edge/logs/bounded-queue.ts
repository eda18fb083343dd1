/**
 * A first-in first-out queue that holds at most `capacity` items: adding past it drops the
 * oldest, and counts them.
 */
export class BoundedQueue<T> {
  readonly capacity: number
  #items: T[] = []
  #head = 0
  #dropped = 0

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`capacity must be ≥ 1, not ${capacity}.`)
    this.capacity = capacity
  }

  get length(): number {
    return this.#items.length - this.#head
  }

  /** Items dropped since the queue was made. */
  get dropped(): number {
    return this.#dropped
  }

  /** Adds at the back; returns how many of the oldest were dropped to make room. */
  push(items: readonly T[]): number {
    for (const item of items) this.#items.push(item)
    return this.#trim()
  }

  /** Puts items taken with `take` back at the front (they go first); returns how many were dropped. */
  putBack(items: readonly T[]): number {
    this.#items = [...items, ...this.#items.slice(this.#head)]
    this.#head = 0
    return this.#trim()
  }

  /** Removes and returns up to `max` items from the front, while `fits` accepts each. */
  take(max: number, fits: (item: T, taken: number) => boolean = () => true): T[] {
    const out: T[] = []
    while (out.length < max && this.#head < this.#items.length) {
      const item = this.#items[this.#head] as T
      if (out.length > 0 && !fits(item, out.length)) break
      out.push(item)
      this.#head++
    }
    this.#compact()
    return out
  }

  #trim(): number {
    const over = this.length - this.capacity
    if (over <= 0) return 0
    this.#head += over
    this.#dropped += over
    this.#compact()
    return over
  }

  #compact(): void {
    if (this.#head === this.#items.length) {
      this.#items = []
      this.#head = 0
    } else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head)
      this.#head = 0
    }
  }
}
