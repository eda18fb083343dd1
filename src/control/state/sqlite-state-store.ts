import { mkdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { type Change, changeEntityId } from '../../sync/index.js'
import { readsThrough } from './reads-through.js'
import { STORE_COLUMNS, storePatchColumns, storeValues } from './record-rows.js'
import {
  checkDatabaseFile,
  checkDatabaseIntegrity,
  corrupt,
  isCorruptionError,
  removeDatabaseFiles,
} from './sqlite-integrity.js'
import { SqliteReadPool } from './sqlite-read-pool.js'
import { SqliteResourceWriter } from './sqlite-resource-rows.js'
import { SqliteReader } from './sqlite-rows.js'
import { migrate, readDatabaseId } from './sqlite-schema.js'
import { scoped } from './state-scope.js'
import type {
  ChangeRecord,
  DistributionRecord,
  FunctionRecord,
  KeyValueStorePatch,
  KeyValueStoreRecord,
  StateStore,
  StateTransaction,
} from './state-store.js'

export interface SqliteStateStoreOptions {
  /** The directory that holds `verge.db`; created if missing. */
  dataDir: string
  /** Stamps change rows; injectable for tests. */
  clock?: () => Date
}

class SqliteTransaction extends SqliteReader implements StateTransaction {
  readonly #db: Database.Database
  readonly #clock: () => Date
  readonly #insertStore: Database.Statement
  readonly #deleteStore: Database.Statement
  readonly #upsertKey: Database.Statement
  readonly #deleteKey: Database.Statement
  readonly #deleteKeys: Database.Statement
  readonly #appendChange: Database.Statement
  readonly #patches = new Map<string, Database.Statement>()
  readonly #resources: SqliteResourceWriter

  constructor(db: Database.Database, clock: () => Date) {
    super(db)
    this.#db = db
    this.#resources = new SqliteResourceWriter(db)
    this.#clock = clock
    this.#insertStore = db.prepare(
      `INSERT INTO key_value_stores (${STORE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.#deleteStore = db.prepare('DELETE FROM key_value_stores WHERE id = ?')
    this.#upsertKey = db.prepare(
      'INSERT INTO kvs_keys (store_id, key, value) VALUES (?, ?, ?) ON CONFLICT (store_id, key) DO UPDATE SET value = excluded.value',
    )
    this.#deleteKey = db.prepare('DELETE FROM kvs_keys WHERE store_id = ? AND key = ? RETURNING value')
    this.#deleteKeys = db.prepare('DELETE FROM kvs_keys WHERE store_id = ?')
    this.#appendChange = db.prepare(
      'INSERT INTO changes (kind, entity_id, payload, committed_ms) VALUES (?, ?, ?, ?) RETURNING revision',
    )
  }

  async insertKeyValueStore(r: KeyValueStoreRecord): Promise<void> {
    this.#insertStore.run(...storeValues(r))
  }

  async updateKeyValueStore(id: string, patch: KeyValueStorePatch): Promise<void> {
    const { columns, values } = storePatchColumns(patch)
    if (columns.length === 0) return
    const shape = columns.join(',')
    let statement = this.#patches.get(shape)
    if (statement === undefined) {
      const sets = columns.map((column) => `${column} = ?`)
      statement = this.#db.prepare(`UPDATE key_value_stores SET ${sets.join(', ')} WHERE id = ?`)
      this.#patches.set(shape, statement)
    }
    statement.run(...values, id)
  }

  async deleteKeyValueStore(id: string): Promise<void> {
    this.#deleteKeys.run(id)
    this.#deleteStore.run(id)
  }

  async putKey(storeId: string, key: string, value: string): Promise<string | undefined> {
    const previous = await this.getKey(storeId, key)
    this.#upsertKey.run(storeId, key, value)
    return previous
  }

  async deleteKey(storeId: string, key: string): Promise<string | undefined> {
    return (this.#deleteKey.get(storeId, key) as { value: string } | undefined)?.value
  }

  async deleteAllKeys(storeId: string): Promise<void> {
    this.#deleteKeys.run(storeId)
  }

  async appendChange(change: Change): Promise<ChangeRecord> {
    const committed = this.#clock()
    const entityId = changeEntityId(change)
    const row = this.#appendChange.get(
      change.kind,
      entityId,
      JSON.stringify(change.payload),
      committed.getTime(),
    ) as { revision: number }
    return { revision: row.revision, ...change, entityId, committed }
  }

  async insertFunction(record: FunctionRecord): Promise<void> {
    this.#resources.insertFunction(record)
  }

  async replaceFunction(record: FunctionRecord): Promise<void> {
    this.#resources.replaceFunction(record)
  }

  async deleteFunction(name: string): Promise<void> {
    this.#resources.deleteFunction(name)
  }

  async insertDistribution(record: DistributionRecord): Promise<void> {
    this.#resources.insertDistribution(record)
  }

  async replaceDistribution(record: DistributionRecord): Promise<void> {
    this.#resources.replaceDistribution(record)
  }

  async deleteDistribution(id: string): Promise<void> {
    this.#resources.deleteDistribution(id)
  }
}

/**
 * Creates the database under another name and renames it into place once its schema (and
 * identity) is committed: `verge.db` never exists half made, so an empty or unreadable one is
 * always damage, never a first start that was interrupted.
 */
function createFreshDatabase(file: string): void {
  const fresh = `${file}.new`
  removeDatabaseFiles(fresh)
  const db = new Database(fresh)
  try {
    db.pragma('synchronous = FULL')
    migrate(db)
  } finally {
    db.close()
  }
  renameSync(fresh, file)
}

/** Opens the writing connection on a database that passed the file and integrity checks. */
function openWriter(file: string): Database.Database {
  if (checkDatabaseFile(file) === 'missing') createFreshDatabase(file)
  let writer: Database.Database | undefined
  try {
    writer = new Database(file)
    writer.pragma('journal_mode = WAL')
    writer.pragma('synchronous = FULL')
    writer.pragma('busy_timeout = 5000')
    checkDatabaseIntegrity(writer, file)
    migrate(writer)
    return writer
  } catch (error) {
    writer?.close()
    if (isCorruptionError(error)) throw corrupt(file, (error as Error).message, error)
    throw error
  }
}

/**
 * Opens (or creates) `<dataDir>/verge.db`: WAL, `synchronous = FULL` (a commit is on disk
 * before it resolves), schema migrated. One connection writes, transactions queued one at a
 * time; another connection reads, so readers see only committed state, and `read` takes a
 * read-only connection of its own for each consistent read. An existing file must be
 * a sound SQLite database (`quick_check`), else `StateStoreError`: only a missing file starts
 * empty.
 */
export function createSqliteStateStore(options: SqliteStateStoreOptions): StateStore {
  mkdirSync(options.dataDir, { recursive: true })
  const file = join(options.dataDir, 'verge.db')
  const clock = options.clock ?? (() => new Date())
  const writer = openWriter(file)
  const databaseId = readDatabaseId(writer)
  const readerDb = new Database(file, { readonly: true, fileMustExist: true })
  readerDb.pragma('busy_timeout = 5000')
  const reader = new SqliteReader(readerDb)
  const reads = new SqliteReadPool(file)
  const tx = new SqliteTransaction(writer, clock)
  let queue: Promise<unknown> = Promise.resolve()
  let closed = false

  async function run<T>(fn: (tx: StateTransaction) => Promise<T>): Promise<T> {
    let open = true
    writer.exec('BEGIN IMMEDIATE')
    try {
      const result = await fn(scoped(tx, () => open, 'state transaction'))
      open = false
      writer.exec('COMMIT')
      return result
    } catch (error) {
      open = false
      if (writer.inTransaction) writer.exec('ROLLBACK')
      throw error
    }
  }

  return {
    kind: 'sqlite',
    databaseId,
    ...readsThrough(reader),
    transaction<T>(fn: (tx: StateTransaction) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('The state store is closed.'))
      const result = queue.then(() => run(fn))
      queue = result.catch(() => undefined)
      return result
    },
    // No other writer: this store's commits are all there are (see StateStore.watchCommits).
    watchCommits: () => () => undefined,
    read: (fn) => reads.read(fn),
    async close() {
      if (closed) return
      closed = true
      await Promise.all([queue, reads.close()])
      readerDb.close()
      writer.close()
    },
  }
}
