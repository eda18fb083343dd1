/**
 * The control plane's durable state, behind one interface so that SQLite (embedded, the
 * default) and PostgreSQL (several control nodes) share the services and one test suite
 * (`state-store-suite.ts`). The store is deliberately dumb: it keeps rows and the change log;
 * the services decide what a change means.
 *
 * Every mutation runs inside `transaction()`, which commits durably before it resolves. Each
 * committed change is one row of the change log with the next global revision; edges replicate
 * that log ("changes after revision R"), and history and rollback read it.
 *
 * Revisions become visible in order: once a reader sees revision R committed, every revision
 * below R that will ever exist is committed and visible too. A follower that reads "changes
 * after R" and moves to the newest revision it got therefore never skips one, whatever the
 * number of control nodes writing (each implementation serializes revision assignment with
 * commit order).
 */

import type { Change, ChangeKind, KeyEntry } from '../../sync/index.js'

export type { KeyEntry } from '../../sync/index.js'

export type KeyValueStoreStatus = 'PROVISIONING' | 'READY' | 'IMPORT_FAILURE'

/** One key value store as stored. Times are JavaScript `Date`s with millisecond precision. */
export interface KeyValueStoreRecord {
  /** UUID; the ARN is derived from it and the account. */
  readonly id: string
  /** `[a-zA-Z0-9-_]{1,64}`, unique. */
  readonly name: string
  readonly comment: string
  readonly status: KeyValueStoreStatus
  /** Set when `status` is `IMPORT_FAILURE`. */
  readonly failureReason?: string
  readonly created: Date
  readonly lastModified: Date
  /** The control-plane ETag (CloudFront API); changes when the store's settings change. */
  readonly etag: string
  /** The data-plane ETag (KVS API); changes on every data write. */
  readonly dataEtag: string
  readonly itemCount: number
  /** UTF-8 bytes of every key plus value. */
  readonly totalSizeInBytes: number
}

/** The members `updateKeyValueStore` may change. */
export type KeyValueStorePatch = Partial<
  Omit<KeyValueStoreRecord, 'id' | 'name' | 'created' | 'failureReason'>
> & {
  /** `null` clears the failure reason. */
  readonly failureReason?: string | null
}

export type FunctionRuntimeName = 'cloudfront-js-1.0' | 'cloudfront-js-2.0'

/** One stage (DEVELOPMENT or LIVE) of a function: its code and configuration. */
export interface FunctionStageRecord {
  readonly comment: string
  readonly runtime: FunctionRuntimeName
  readonly code: string
  /** The associated key value store's Id (at most one). */
  readonly keyValueStoreId?: string
  /** Each stage has its own ETag. */
  readonly etag: string
  readonly lastModified: Date
}

/** One CloudFront function as stored: DEVELOPMENT always, LIVE once published. */
export interface FunctionRecord {
  /** `[a-zA-Z0-9-_]{1,64}`, unique; the ARN is derived from it. */
  readonly name: string
  /** `UNPUBLISHED` after create/update, `UNASSOCIATED` after publish. */
  readonly status: string
  readonly created: Date
  readonly development: FunctionStageRecord
  readonly live?: FunctionStageRecord
}

/** One distribution as stored. The config is JSON the services own; the store keeps it opaque. */
export interface DistributionRecord {
  /** `E` + 13 uppercase alphanumerics. */
  readonly id: string
  /** Unique: a reused one is DistributionAlreadyExists. */
  readonly callerReference: string
  readonly domainName: string
  readonly config: unknown
  readonly enabled: boolean
  readonly etag: string
  readonly created: Date
  readonly lastModified: Date
  /** The revision of the change log entry of the distribution's last write. */
  readonly revision: number
}

export type DistributionRef = { readonly id: string } | { readonly callerReference: string }

/** One committed change: a `Change` (kind and typed payload) with its place in the log. */
export type ChangeRecord = Change & {
  /** Global, strictly increasing, never reused. */
  readonly revision: number
  /** The entity the change is about (`changeEntityId`: a store's Id, a function's name, a distribution's Id). */
  readonly entityId: string
  readonly committed: Date
}

export interface ListChangesOptions {
  /** Only revisions greater than this. */
  readonly afterRevision?: number
  /** Only revisions up to and including this. */
  readonly upToRevision?: number
  readonly entityId?: string
  readonly kinds?: readonly ChangeKind[]
  /** Newest first instead of oldest first. */
  readonly descending?: boolean
  readonly limit?: number
}

export type KeyValueStoreRef = { readonly id: string } | { readonly name: string }

/** What every reader sees: the last committed state (or, inside a transaction, its own writes). */
export interface StateReader {
  getKeyValueStore(ref: KeyValueStoreRef): Promise<KeyValueStoreRecord | undefined>
  /** Sorted by name; `afterName` starts after that name. */
  listKeyValueStores(options: {
    afterName?: string
    limit: number
    status?: KeyValueStoreStatus
  }): Promise<KeyValueStoreRecord[]>
  countKeyValueStores(): Promise<number>
  getKey(storeId: string, key: string): Promise<string | undefined>
  /** Sorted by the UTF-8 bytes of the key (Unicode code point order); `after` is exclusive. */
  listKeys(storeId: string, options: { after?: string; limit?: number }): Promise<KeyEntry[]>
  listChanges(options: ListChangesOptions): Promise<ChangeRecord[]>
  /** The newest committed revision, 0 when the log is empty. */
  latestRevision(): Promise<number>
  getFunction(name: string): Promise<FunctionRecord | undefined>
  /** Sorted by name; `afterName` starts after that name; `liveOnly` skips unpublished ones. */
  listFunctions(options: { afterName?: string; limit: number; liveOnly?: boolean }): Promise<FunctionRecord[]>
  countFunctions(): Promise<number>
  /** Names of the functions whose DEVELOPMENT or LIVE stage is associated with the store. */
  listFunctionsUsingKeyValueStore(storeId: string): Promise<string[]>
  getDistribution(ref: DistributionRef): Promise<DistributionRecord | undefined>
  /** Sorted by Id; `afterId` starts after that Id; `enabledOnly` skips disabled ones. */
  listDistributions(options: {
    afterId?: string
    limit: number
    enabledOnly?: boolean
  }): Promise<DistributionRecord[]>
  countDistributions(): Promise<number>
}

/** A transaction: reads see its own writes; nothing is visible to others until it commits. */
export interface StateTransaction extends StateReader {
  insertKeyValueStore(record: KeyValueStoreRecord): Promise<void>
  updateKeyValueStore(id: string, patch: KeyValueStorePatch): Promise<void>
  /** Deletes the store and all its keys. */
  deleteKeyValueStore(id: string): Promise<void>
  /** Returns the previous value, if any. */
  putKey(storeId: string, key: string, value: string): Promise<string | undefined>
  /** Returns the removed value, if any. */
  deleteKey(storeId: string, key: string): Promise<string | undefined>
  deleteAllKeys(storeId: string): Promise<void>
  /** Appends to the change log; returns the change with its new revision. */
  appendChange(change: Change): Promise<ChangeRecord>
  insertFunction(record: FunctionRecord): Promise<void>
  /** Replaces every member of the function named `record.name`. */
  replaceFunction(record: FunctionRecord): Promise<void>
  deleteFunction(name: string): Promise<void>
  insertDistribution(record: DistributionRecord): Promise<void>
  /** Replaces every member of the distribution `record.id`. */
  replaceDistribution(record: DistributionRecord): Promise<void>
  deleteDistribution(id: string): Promise<void>
}

export interface StateStore extends StateReader {
  /** `sqlite`, `postgres`, … */
  readonly kind: string
  /**
   * The database's identity: random, created with the schema, never changed. Snapshots and the
   * change stream carry it, so that an edge can tell another database (a lost and recreated
   * one) from the one its data came from.
   */
  readonly databaseId: string
  /**
   * Runs `fn` in one serializable transaction. Resolves after a durable commit with what `fn`
   * returned; if `fn` throws, everything it wrote is rolled back and the error is rethrown.
   *
   * `fn` may run more than once: a transaction that loses a serialization conflict to another
   * writer (PostgreSQL's 40001 and 40P01) is rolled back and run again from the start. So `fn`
   * reads and writes only through `tx` and has no other effect (no request sent, no job started,
   * nothing kept outside); what it computes from its reads it computes again. Transactions may
   * hold a write lock: `fn` must not wait on anything but the transaction.
   */
  transaction<T>(fn: (tx: StateTransaction) => Promise<T>): Promise<T>
  /**
   * Runs `fn` on one committed revision: every read through `reader` sees the state as it was
   * when the read began, whatever commits meanwhile, and the read holds no lock that a
   * transaction waits on (a long read, such as an edge's snapshot, never delays a write). The
   * reader refuses use after `fn` settles. Reads may run concurrently with each other.
   */
  read<T>(fn: (reader: StateReader) => Promise<T>): Promise<T>
  /**
   * Calls `watcher` soon after a transaction that appended a change commits, through this store
   * or another one on the same database (another control node: PostgreSQL's LISTEN/NOTIFY), and
   * each time its notification connection is (again) listening, commits may have gone unseen
   * before; returns what stops it. SQLite's only writer is this store, whose commits its callers
   * see themselves (`notifyOnCommit`): it never calls the watcher.
   */
  watchCommits(watcher: () => void): () => void
  close(): Promise<void>
}
