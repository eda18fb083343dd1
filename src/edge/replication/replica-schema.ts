/**
 * The edge's replica as an SQLite database (`edge-replica.sqlite` in the data directory): one
 * table per kind of data, and `meta`, the one row saying which control plane database the data
 * came from and at which revision it is. Every write that changes the data also writes `meta`
 * in the same transaction, so the file is always at one revision.
 *
 * A snapshot is written into `staging_*` tables (their live twins untouched), then swapped in by
 * one transaction that drops the live tables and renames the staging ones: readers see the old
 * replica or the new one, never half of it, and a crash before the swap leaves the old one.
 */
import type Database from 'better-sqlite3'

/** `PRAGMA user_version` of a replica this code writes. */
export const REPLICA_SCHEMA_VERSION = 1

/** The tables a snapshot replaces, each with its columns. */
const DATA_TABLES = {
  stores: 'id TEXT PRIMARY KEY, name TEXT NOT NULL, created TEXT NOT NULL, last_modified TEXT NOT NULL',
  entries: 'store_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (store_id, key)',
  functions: 'arn TEXT PRIMARY KEY, definition TEXT NOT NULL',
  distributions: 'id TEXT PRIMARY KEY, definition TEXT NOT NULL',
  /** ACM certificates with their private keys (why the file is readable by its owner only). */
  certificates: 'arn TEXT PRIMARY KEY, definition TEXT NOT NULL',
} as const

export type DataTable = keyof typeof DATA_TABLES
export const DATA_TABLE_NAMES = Object.keys(DATA_TABLES) as DataTable[]

/** `CREATE TABLE` for `table`, under `prefix` (`''` live, `'staging_'` for a snapshot on its way). */
export function createTableSql(table: DataTable, prefix: '' | 'staging_'): string {
  return `CREATE TABLE IF NOT EXISTS ${prefix}${table} (${DATA_TABLES[table]})`
}

/** Creates the schema in an empty database (one transaction). */
export function createReplicaSchema(db: Database.Database): void {
  db.transaction(() => {
    for (const table of DATA_TABLE_NAMES) db.exec(createTableSql(table, ''))
    db.exec(
      'CREATE TABLE meta (id INTEGER PRIMARY KEY CHECK (id = 1), database_id TEXT, revision INTEGER NOT NULL)',
    )
    db.exec('INSERT INTO meta (id, database_id, revision) VALUES (1, NULL, 0)')
    db.pragma(`user_version = ${REPLICA_SCHEMA_VERSION}`)
  })()
}

/** What is wrong with the schema of an existing replica, or undefined if it is this code's. */
export function schemaProblem(db: Database.Database): string | undefined {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version !== REPLICA_SCHEMA_VERSION)
    return `schema version ${version}, this edge writes ${REPLICA_SCHEMA_VERSION}`
  const tables = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).map(String),
  )
  for (const table of [...DATA_TABLE_NAMES, 'meta']) if (!tables.has(table)) return `no table ${table}`
  const rows = db.prepare('SELECT count(*) FROM meta').pluck().get() as number
  if (rows !== 1) return `meta holds ${rows} rows`
  return undefined
}

/** The connection settings of the one writer (the edge's primary, or an edge in one process). */
export function configureWriter(db: Database.Database): void {
  db.pragma('journal_mode = WAL')
  // In WAL mode NORMAL never corrupts and never tears a transaction: a crash of the process
  // loses nothing committed, a power loss at most the last transactions (SQLite's "WAL" page).
  // The control plane holds the data; the edge resumes from whatever revision survived.
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = OFF')
}
