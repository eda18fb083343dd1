import type { KeyValueStoreMeta, KeyValueStoreReader } from '../../kvs/index.js'
import type { ReplicaState } from '../../sync/index.js'

/**
 * Where an edge's functions read key value stores from: the shared replica database in the
 * edge's processes (`ReplicaReader`), or a `ReplicaState` in memory (`StateStoreSource`, for a
 * replica built by hand in tests and benchmarks). A reader reads the store as the source holds
 * it at each call: a store that appears later is read once it is there.
 */
export interface StoreSource {
  /** Whether the source holds store `id` now. */
  has(id: string): boolean
  /** What a function associated with store `id` reads (empty while the source lacks it). */
  reader(id: string): KeyValueStoreReader
}

/** What a store holds besides its keys, as a source knows it. */
export interface StoreFacts {
  readonly created: string
  readonly lastModified: string
  readonly keyCount: number
}

/** `meta()` of a store; one the source lacks (yet) reports `since` and no keys. */
export function storeMeta(store: StoreFacts | undefined, since: string): KeyValueStoreMeta {
  return {
    creationDateTime: store?.created ?? since,
    lastUpdatedDateTime: store?.lastModified ?? since,
    keyCount: store?.keyCount ?? 0,
  }
}

/** The stores of a `ReplicaState`, read by Id at every call. */
export class StateStoreSource implements StoreSource {
  readonly #state: ReplicaState
  readonly #readers = new Map<string, KeyValueStoreReader>()

  constructor(state: ReplicaState) {
    this.#state = state
  }

  has(id: string): boolean {
    return this.#state.stores.has(id)
  }

  reader(id: string): KeyValueStoreReader {
    let reader = this.#readers.get(id)
    if (reader === undefined) {
      reader = new StateStoreReader(this.#state, id)
      this.#readers.set(id, reader)
    }
    return reader
  }
}

class StateStoreReader implements KeyValueStoreReader {
  readonly id: string
  readonly #state: ReplicaState
  // For a store the state does not hold (yet): when the reader was made.
  readonly #since = new Date().toISOString()

  constructor(state: ReplicaState, id: string) {
    this.#state = state
    this.id = id
  }

  get(key: string): string | undefined {
    return this.#state.stores.get(this.id)?.entries.get(key)
  }

  meta(): KeyValueStoreMeta {
    const store = this.#state.stores.get(this.id)
    return storeMeta(store && { ...store, keyCount: store.entries.size }, this.#since)
  }
}
