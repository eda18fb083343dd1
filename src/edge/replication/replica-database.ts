import type Database from 'better-sqlite3'
import type {
  EdgeDistribution,
  Snapshot,
  SnapshotCertificate,
  SnapshotFunction,
  SnapshotKeyValueStore,
  SnapshotSink,
  SyncChange,
} from '../../sync/index.js'
import { ReplicaSnapshotSink } from './replica-sink.js'
import { ReplicaWrites } from './replica-writes.js'

/** The replica's functions, distributions and certificates (no store content), at `revision`. */
export type ReplicaDefinitions = Snapshot & { readonly keyValueStores: [] }

/**
 * The writing side of the edge's replica (`edge-replica.sqlite`), held by the one process that
 * follows the control plane (`openReplica` opens it). Each batch of changes is one transaction
 * that also records the last revision; a snapshot arrives through `snapshotSink()` and replaces
 * everything at its `commit`. A crash at any moment leaves the file at the revision of its last
 * committed transaction. Readers in other processes (`ReplicaReader`) see each commit at once.
 */
export class ReplicaDatabase {
  readonly file: string
  readonly #db: Database.Database
  readonly #writes: ReplicaWrites
  readonly #setRevision: Database.Statement
  #revision: number
  #databaseId: string | undefined

  constructor(db: Database.Database, file: string) {
    this.#db = db
    this.file = file
    this.#writes = new ReplicaWrites(db)
    this.#setRevision = db.prepare('UPDATE meta SET revision = ? WHERE id = 1')
    const meta = db.prepare('SELECT database_id, revision FROM meta WHERE id = 1').get() as {
      database_id: string | null
      revision: number
    }
    this.#revision = meta.revision
    this.#databaseId = meta.database_id ?? undefined
  }

  /** The revision of the last committed change or snapshot (0: none yet). */
  get revision(): number {
    return this.#revision
  }

  /** The identity of the database the data came from (`Snapshot.databaseId`). */
  get databaseId(): string | undefined {
    return this.#databaseId
  }

  /**
   * Applies a batch of changes in one transaction; those at or below the current revision are
   * skipped. All or nothing: if SQLite fails, the replica stays at its previous revision.
   */
  applyChanges(changes: readonly SyncChange[]): void {
    let revision = this.#revision
    this.#db.transaction(() => {
      for (const change of changes) {
        if (change.revision <= revision) continue
        this.#writes.apply(change)
        revision = change.revision
      }
      if (revision !== this.#revision) this.#setRevision.run(revision)
    })()
    this.#revision = revision
  }

  /** Where a snapshot is written; it replaces the replica at its `commit`. */
  snapshotSink(): SnapshotSink {
    return new ReplicaSnapshotSink(this.#db, ({ databaseId, revision }) => {
      this.#databaseId = databaseId === '' ? undefined : databaseId
      this.#revision = revision
    })
  }

  /** The functions, distributions and certificates, as a snapshot without stores: what a worker loads. */
  definitions(): ReplicaDefinitions {
    return this.#db.transaction(() => ({
      ...(this.#databaseId === undefined ? {} : { databaseId: this.#databaseId }),
      revision: this.#revision,
      keyValueStores: [] as [],
      functions: this.#definitionsOf<SnapshotFunction>('functions', 'arn'),
      distributions: this.#definitionsOf<EdgeDistribution>('distributions', 'id'),
      certificates: this.#definitionsOf<SnapshotCertificate>('certificates', 'arn'),
    }))()
  }

  /** Everything the replica holds, as a snapshot at its revision (for tests and tools). */
  toSnapshot(): Snapshot {
    return this.#db.transaction(() => {
      const entries = this.#db.prepare('SELECT key, value FROM entries WHERE store_id = ? ORDER BY key').raw()
      const stores = this.#db
        .prepare('SELECT id, name, created, last_modified FROM stores ORDER BY id')
        .all() as { id: string; name: string; created: string; last_modified: string }[]
      const keyValueStores: SnapshotKeyValueStore[] = stores.map((store) => ({
        id: store.id,
        name: store.name,
        created: store.created,
        lastModified: store.last_modified,
        entries: entries.all(store.id) as [string, string][],
      }))
      return { ...this.definitions(), keyValueStores }
    })()
  }

  close(): void {
    if (this.#db.open) this.#db.close()
  }

  #definitionsOf<T>(table: 'functions' | 'distributions' | 'certificates', key: string): T[] {
    const rows = this.#db.prepare(`SELECT definition FROM ${table} ORDER BY ${key}`).pluck().all() as string[]
    return rows.map((text) => JSON.parse(text) as T)
  }
}
