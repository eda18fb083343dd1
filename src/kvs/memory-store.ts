import { KvsError } from './errors.js'
import { DEFAULT_KVS_LIMITS, type KvsLimits } from './limits.js'
import { entryBytes, validateKey, validateValue } from './validate.js'

/** What `kvsHandle.meta()` reports ('Helper methods for key value stores'). */
export interface KeyValueStoreMeta {
  readonly creationDateTime: string
  readonly lastUpdatedDateTime: string
  readonly keyCount: number
}

/** The read side a function sees through `cf.kvs()`. */
export interface KeyValueStoreReader {
  /** The store's Id (UUID), the one `cf.kvs(id)` may name. */
  readonly id: string
  get(key: string): string | undefined
  meta(): KeyValueStoreMeta
}

export interface MemoryKeyValueStoreOptions {
  id: string
  created?: Date
  lastUpdated?: Date
  limits?: KvsLimits
}

/**
 * An in-memory key value store: O(1) reads for functions, validated writes with UTF-8 size
 * accounting. Edges hold one per replicated store; tests and the demo use it directly.
 */
export class MemoryKeyValueStore implements KeyValueStoreReader {
  readonly id: string
  readonly #entries = new Map<string, string>()
  readonly #limits: KvsLimits
  readonly #created: Date
  #lastUpdated: Date
  #sizeBytes = 0

  constructor(options: MemoryKeyValueStoreOptions) {
    this.id = options.id
    this.#limits = options.limits ?? DEFAULT_KVS_LIMITS
    this.#created = options.created ?? new Date()
    this.#lastUpdated = options.lastUpdated ?? this.#created
  }

  get(key: string): string | undefined {
    return this.#entries.get(key)
  }

  has(key: string): boolean {
    return this.#entries.has(key)
  }

  get size(): number {
    return this.#entries.size
  }

  /** UTF-8 bytes of every key and value. */
  get sizeBytes(): number {
    return this.#sizeBytes
  }

  meta(): KeyValueStoreMeta {
    return {
      creationDateTime: this.#created.toISOString(),
      lastUpdatedDateTime: this.#lastUpdated.toISOString(),
      keyCount: this.#entries.size,
    }
  }

  /** Validates, then stores; over a limit nothing changes. */
  put(key: string, value: string, at: Date = new Date()): void {
    validateKey(key, this.#limits)
    validateValue(value, this.#limits)
    const previous = this.#entries.get(key)
    const next =
      this.#sizeBytes - (previous === undefined ? 0 : entryBytes(key, previous)) + entryBytes(key, value)
    if (next > this.#limits.maxStoreBytes) {
      throw new KvsError(
        'StoreTooLarge',
        `The store would hold ${next} bytes; the limit is ${this.#limits.maxStoreBytes} bytes.`,
      )
    }
    this.#entries.set(key, value)
    this.#sizeBytes = next
    this.#lastUpdated = at
  }

  /** Removes `key`; returns whether it was there. */
  delete(key: string, at: Date = new Date()): boolean {
    const previous = this.#entries.get(key)
    if (previous === undefined) return false
    this.#entries.delete(key)
    this.#sizeBytes -= entryBytes(key, previous)
    this.#lastUpdated = at
    return true
  }

  /** Replaces the whole content at once (a snapshot); validated first, all or nothing. */
  replaceAll(entries: Iterable<readonly [string, string]>, at: Date = new Date()): void {
    const next = new Map<string, string>()
    let bytes = 0
    for (const [key, value] of entries) {
      validateKey(key, this.#limits)
      validateValue(value, this.#limits)
      const previous = next.get(key)
      if (previous !== undefined) bytes -= entryBytes(key, previous)
      next.set(key, value)
      bytes += entryBytes(key, value)
    }
    if (bytes > this.#limits.maxStoreBytes) {
      throw new KvsError(
        'StoreTooLarge',
        `The store would hold ${bytes} bytes; the limit is ${this.#limits.maxStoreBytes} bytes.`,
      )
    }
    this.#entries.clear()
    for (const [key, value] of next) this.#entries.set(key, value)
    this.#sizeBytes = bytes
    this.#lastUpdated = at
  }

  entries(): IterableIterator<[string, string]> {
    return this.#entries.entries()
  }
}
