import type { KeyValueStoreRecord, StateStore } from './state-store.js'

/** A store under test: `open()` opens the same data again after `close()`. */
export interface StateStoreFixture {
  open(): Promise<StateStore>
  destroy(): Promise<void>
  /** Reads and overwrites the stored schema version, to play a database a newer Verge migrated. */
  schemaVersion: { read(): Promise<number>; write(version: number): Promise<void> }
}

let counter = 0

/** A store record with a fresh Id and name. */
export function storeRecord(overrides: Partial<KeyValueStoreRecord> = {}): KeyValueStoreRecord {
  counter++
  const at = new Date(1_700_000_000_123)
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    name: `store-${counter}`,
    comment: '',
    status: 'READY',
    created: at,
    lastModified: at,
    etag: `E${counter}`,
    dataEtag: `KV${counter}`,
    itemCount: 0,
    totalSizeInBytes: 0,
    ...overrides,
  }
}

/** What the transaction tests use of the suite's store: the open one, and the way to reopen it. */
export interface SuiteContext {
  state(): StateStore
  fixture(): StateStoreFixture
  /** Tells the suite the store it now uses. */
  reopened(state: StateStore): void
}
