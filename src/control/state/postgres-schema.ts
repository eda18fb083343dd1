import type { PoolClient } from 'pg'
import { schemaTooNew } from './state-errors.js'

/**
 * Schema migrations for the PostgreSQL state store, applied in order. Append new steps; never
 * edit a released one. `schema_version` holds the number of steps applied.
 *
 * The columns are SQLite's (`sqlite-schema.ts`), so both engines share their row mapping
 * (`record-rows.ts`). Keys and values are `bytea` holding UTF-8: PostgreSQL's text cannot hold
 * U+0000, which a key or value may contain, and bytes compare in UTF-8 byte order, the order
 * ListKeys pages in. Names and Ids sort with the "C" collation (byte order), as in SQLite.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE key_value_stores (
    id TEXT PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL UNIQUE,
    comment TEXT NOT NULL,
    status TEXT NOT NULL,
    failure_reason TEXT,
    created_ms BIGINT NOT NULL,
    last_modified_ms BIGINT NOT NULL,
    etag TEXT NOT NULL,
    data_etag TEXT NOT NULL,
    item_count BIGINT NOT NULL,
    total_size_bytes BIGINT NOT NULL
  );
  CREATE TABLE kvs_keys (
    store_id TEXT NOT NULL,
    key BYTEA NOT NULL,
    value BYTEA NOT NULL,
    PRIMARY KEY (store_id, key)
  );
  -- A sequence never hands out a number twice, even after a rollback.
  CREATE SEQUENCE changes_revision;
  CREATE TABLE changes (
    revision BIGINT PRIMARY KEY DEFAULT nextval('changes_revision'),
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    committed_ms BIGINT NOT NULL
  );
  ALTER SEQUENCE changes_revision OWNED BY changes.revision;
  CREATE INDEX changes_by_entity ON changes (entity_id, revision);
  CREATE TABLE functions (
    name TEXT COLLATE "C" PRIMARY KEY,
    status TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    dev_comment TEXT NOT NULL,
    dev_runtime TEXT NOT NULL,
    dev_code TEXT NOT NULL,
    dev_kvs_id TEXT,
    dev_etag TEXT NOT NULL,
    dev_modified_ms BIGINT NOT NULL,
    live_comment TEXT,
    live_runtime TEXT,
    live_code TEXT,
    live_kvs_id TEXT,
    live_etag TEXT,
    live_modified_ms BIGINT
  );
  CREATE INDEX functions_by_dev_kvs ON functions (dev_kvs_id);
  CREATE INDEX functions_by_live_kvs ON functions (live_kvs_id);
  CREATE TABLE distributions (
    id TEXT COLLATE "C" PRIMARY KEY,
    caller_reference TEXT NOT NULL UNIQUE,
    domain_name TEXT NOT NULL,
    config TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    etag TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    last_modified_ms BIGINT NOT NULL,
    revision BIGINT NOT NULL
  );
  -- The database's identity: random, created once with the schema and never changed.
  CREATE TABLE database_identity (id TEXT NOT NULL);
  INSERT INTO database_identity (id) VALUES (replace(gen_random_uuid()::text, '-', ''));
  `,
]

/** The number of schema steps this Verge knows. */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length

// Several control nodes may start at once on one empty database: one migrates, the others wait
// for it under this lock (pg_advisory_xact_lock; any constant, Verge's own).
const MIGRATION_LOCK = 0x7665_7267_0001

/**
 * Brings the database up to the newest schema in one transaction, or refuses one that a newer
 * Verge migrated further (`SchemaTooNew`). `where` names the database in that error.
 */
export async function migrate(client: PoolClient, where: string): Promise<void> {
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)')
    const rows = (await client.query<{ version: number }>('SELECT version FROM schema_version')).rows
    const current = rows[0]?.version ?? 0
    if (current > MIGRATIONS.length) throw schemaTooNew(where, current, MIGRATIONS.length)
    for (let step = current; step < MIGRATIONS.length; step++) await client.query(MIGRATIONS[step]!)
    if (rows.length === 0)
      await client.query('INSERT INTO schema_version (version) VALUES ($1)', [MIGRATIONS.length])
    else await client.query('UPDATE schema_version SET version = $1', [MIGRATIONS.length])
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  }
}

/** The identity the schema created (`database_identity`). */
export async function readDatabaseId(client: PoolClient): Promise<string> {
  const row = (await client.query<{ id: string }>('SELECT id FROM database_identity')).rows[0]
  if (row === undefined) throw new Error('The state database has no identity row.')
  return row.id
}
