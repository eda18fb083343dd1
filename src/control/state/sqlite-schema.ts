import type Database from 'better-sqlite3'
import { schemaTooNew } from './state-errors.js'

/**
 * Schema migrations for the SQLite state store, applied in order. Append new steps; never edit
 * a released one. `schema_version` holds the number of steps applied.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE key_value_stores (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    comment TEXT NOT NULL,
    status TEXT NOT NULL,
    failure_reason TEXT,
    created_ms INTEGER NOT NULL,
    last_modified_ms INTEGER NOT NULL,
    etag TEXT NOT NULL,
    data_etag TEXT NOT NULL,
    item_count INTEGER NOT NULL,
    total_size_bytes INTEGER NOT NULL
  ) STRICT;
  -- TEXT compares as UTF-8 bytes (BINARY collation): keys list in Unicode code point order.
  CREATE TABLE kvs_keys (
    store_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (store_id, key)
  ) STRICT, WITHOUT ROWID;
  -- AUTOINCREMENT: a revision is never reused, even after the newest row is gone.
  CREATE TABLE changes (
    revision INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    committed_ms INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX changes_by_entity ON changes (entity_id, revision);
  `,
  // Functions (both stages) and distributions (CloudFront API).
  `
  CREATE TABLE functions (
    name TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    dev_comment TEXT NOT NULL,
    dev_runtime TEXT NOT NULL,
    dev_code TEXT NOT NULL,
    dev_kvs_id TEXT,
    dev_etag TEXT NOT NULL,
    dev_modified_ms INTEGER NOT NULL,
    live_comment TEXT,
    live_runtime TEXT,
    live_code TEXT,
    live_kvs_id TEXT,
    live_etag TEXT,
    live_modified_ms INTEGER
  ) STRICT;
  CREATE INDEX functions_by_dev_kvs ON functions (dev_kvs_id);
  CREATE INDEX functions_by_live_kvs ON functions (live_kvs_id);
  CREATE TABLE distributions (
    id TEXT PRIMARY KEY,
    caller_reference TEXT NOT NULL UNIQUE,
    domain_name TEXT NOT NULL,
    config TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    etag TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    last_modified_ms INTEGER NOT NULL,
    revision INTEGER NOT NULL
  ) STRICT;
  `,
  // The database's identity: random, created once with the schema and never changed. Edges
  // remember it and refuse another database's data unless an operator accepts it.
  `
  CREATE TABLE database_identity (id TEXT NOT NULL) STRICT;
  INSERT INTO database_identity (id) VALUES (lower(hex(randomblob(16))));
  `,
]

/** Brings the database up to the newest schema, in one transaction. */
export function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL) STRICT')
  const apply = db.transaction(() => {
    const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined
    const current = row?.version ?? 0
    if (current > MIGRATIONS.length) throw schemaTooNew(db.name, current, MIGRATIONS.length)
    for (let step = current; step < MIGRATIONS.length; step++) db.exec(MIGRATIONS[step]!)
    if (row === undefined)
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(MIGRATIONS.length)
    else db.prepare('UPDATE schema_version SET version = ?').run(MIGRATIONS.length)
  })
  apply.immediate()
}

/** The identity the schema created (`database_identity`). */
export function readDatabaseId(db: Database.Database): string {
  const row = db.prepare('SELECT id FROM database_identity').get() as { id: string } | undefined
  if (row === undefined) throw new Error('The state database has no identity row.')
  return row.id
}
