import type Database from 'better-sqlite3'
import { VergeError } from '../../shared/index.js'
import type {
  EdgeDistribution,
  SnapshotCertificate,
  SnapshotFunction,
  SnapshotSink,
  SnapshotStoreHeader,
} from '../../sync/index.js'
import { createTableSql, DATA_TABLE_NAMES } from './replica-schema.js'

export type ReplicaSinkErrorCode = 'SnapshotOutOfOrder'

/** A snapshot part that came where the stream's order (`snapshot-stream.ts`) does not allow it. */
export class ReplicaSinkError extends VergeError<ReplicaSinkErrorCode> {
  constructor(message: string) {
    super('SnapshotOutOfOrder', message)
    this.name = 'ReplicaSinkError'
  }
}

interface Staging {
  readonly store: Database.Statement
  readonly entry: Database.Statement
  readonly function: Database.Statement
  readonly distribution: Database.Statement
  readonly certificate: Database.Statement
}

/**
 * Writes a snapshot into the replica database: `begin` empties the `staging_*` tables, each part
 * goes there in a small transaction of its own (memory stays bounded by one batch of entries),
 * and `commit` swaps them in for the live tables in one transaction, with the snapshot's
 * database identity and revision. A crash or an `abort` before that leaves the live replica as
 * it was; the next `begin` discards what was staged.
 */
export class ReplicaSnapshotSink implements SnapshotSink {
  readonly #db: Database.Database
  readonly #committed: (header: { databaseId: string | undefined; revision: number }) => void
  #header: { databaseId: string | undefined; revision: number } | undefined
  #staging: Staging | undefined
  #lastStore: string | undefined

  /** `committed` is told the new identity and revision once the swap is durable. */
  constructor(
    db: Database.Database,
    committed: (header: { databaseId: string | undefined; revision: number }) => void,
  ) {
    this.#db = db
    this.#committed = committed
  }

  begin(header: { readonly databaseId: string | undefined; readonly revision: number }): void {
    this.#db.transaction(() => {
      for (const table of DATA_TABLE_NAMES) {
        this.#db.exec(`DROP TABLE IF EXISTS staging_${table}`)
        this.#db.exec(createTableSql(table, 'staging_'))
      }
    })()
    this.#staging = {
      store: this.#db.prepare(
        'INSERT INTO staging_stores (id, name, created, last_modified) VALUES (?, ?, ?, ?)',
      ),
      entry: this.#db.prepare(
        'INSERT OR REPLACE INTO staging_entries (store_id, key, value) VALUES (?, ?, ?)',
      ),
      function: this.#db.prepare('INSERT OR REPLACE INTO staging_functions (arn, definition) VALUES (?, ?)'),
      distribution: this.#db.prepare(
        'INSERT OR REPLACE INTO staging_distributions (id, definition) VALUES (?, ?)',
      ),
      certificate: this.#db.prepare(
        'INSERT OR REPLACE INTO staging_certificates (arn, definition) VALUES (?, ?)',
      ),
    }
    this.#header = { databaseId: header.databaseId, revision: header.revision }
    this.#lastStore = undefined
  }

  store(store: SnapshotStoreHeader): void {
    this.#open('store').store.run(store.id, store.name, store.created, store.lastModified)
    this.#lastStore = store.id
  }

  entries(storeId: string, entries: ReadonlyArray<readonly [string, string]>): void {
    const staging = this.#open('entries')
    if (storeId !== this.#lastStore)
      throw new ReplicaSinkError(`Entries of store ${storeId} arrived after those of another store.`)
    this.#db.transaction(() => {
      for (const [key, value] of entries) staging.entry.run(storeId, key, value)
    })()
  }

  function(definition: SnapshotFunction): void {
    this.#open('function').function.run(definition.arn, JSON.stringify(definition))
  }

  distribution(distribution: EdgeDistribution): void {
    this.#open('distribution').distribution.run(distribution.Id, JSON.stringify(distribution))
  }

  certificate(certificate: SnapshotCertificate): void {
    this.#open('certificate').certificate.run(certificate.arn, JSON.stringify(certificate))
  }

  commit(): void {
    const header = this.#header
    this.#open('commit')
    if (header === undefined) return
    this.#db.transaction(() => {
      for (const table of DATA_TABLE_NAMES) {
        this.#db.exec(`DROP TABLE ${table}`)
        this.#db.exec(`ALTER TABLE staging_${table} RENAME TO ${table}`)
      }
      this.#db
        .prepare('UPDATE meta SET database_id = ?, revision = ? WHERE id = 1')
        // No identity: a replica file from before identities existed (`Snapshot`).
        .run(
          header.databaseId === undefined || header.databaseId === '' ? null : header.databaseId,
          header.revision,
        )
    })()
    this.#close()
    this.#committed(header)
  }

  abort(): void {
    if (this.#staging === undefined) return
    this.#close()
    this.#db.transaction(() => {
      for (const table of DATA_TABLE_NAMES) this.#db.exec(`DROP TABLE IF EXISTS staging_${table}`)
    })()
  }

  #open(part: string): Staging {
    if (this.#staging === undefined) throw new ReplicaSinkError(`A snapshot's ${part} came before its begin.`)
    return this.#staging
  }

  #close(): void {
    this.#staging = undefined
    this.#header = undefined
    this.#lastStore = undefined
  }
}
