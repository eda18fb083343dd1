import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { createSqliteStateStore } from './sqlite-state-store.js'
import { testStateStore } from './state-store-suite.js'

testStateStore('sqlite', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'verge-state-'))
  const onDatabase = <T>(work: (db: Database.Database) => T): T => {
    const db = new Database(join(dataDir, 'verge.db'))
    try {
      return work(db)
    } finally {
      db.close()
    }
  }
  return {
    open: async () => createSqliteStateStore({ dataDir }),
    destroy: async () => rmSync(dataDir, { recursive: true, force: true }),
    schemaVersion: {
      read: async () =>
        onDatabase(
          (db) => (db.prepare('SELECT version FROM schema_version').get() as { version: number }).version,
        ),
      write: async (version) => {
        onDatabase((db) => db.prepare('UPDATE schema_version SET version = ?').run(version))
      },
    },
  }
})
