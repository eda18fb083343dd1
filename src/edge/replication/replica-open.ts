import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Snapshot } from '../../sync/index.js'
import { feedSnapshot, validateSnapshot } from '../../sync/index.js'
import { migrateLegacyReplicaFile } from './legacy-replica-file.js'
import { ReplicaDatabase } from './replica-database.js'
import { discardReplicaFile, REPLICA_FILE, removeTemporaries, WAL_SUFFIXES } from './replica-file.js'
import { configureWriter, createReplicaSchema, schemaProblem } from './replica-schema.js'

/**
 * What is wrong with an existing replica, or undefined if it can serve: SQLite's `quick_check`
 * (every page and record well formed), the schema this code writes, and the functions and
 * distributions (which every process loads) in the shape `validateSnapshot` accepts.
 */
function replicaProblem(db: Database.Database, file: string): string | undefined {
  const check = db.pragma('quick_check(5)') as { quick_check: string }[]
  const problems = check.map((row) => row.quick_check)
  if (problems.length !== 1 || problems[0] !== 'ok') return problems.join('; ')
  const schema = schemaProblem(db)
  if (schema !== undefined) return schema
  // Validated like a snapshot from the network; the stores' entries are columns SQLite checked.
  const replica = new ReplicaDatabase(db, file)
  validateSnapshot(replica.definitions())
  return undefined
}

/** Opens an existing replica for writing, or sets it aside (and returns undefined) if it fails. */
function openExisting(file: string): Database.Database | undefined {
  let db: Database.Database | undefined
  try {
    chmodSync(file, 0o600)
    db = new Database(file)
    const problem = replicaProblem(db, file)
    if (problem === undefined) return db
    db.close()
    return discardReplicaFile(file, problem)
  } catch (error) {
    db?.close()
    return discardReplicaFile(file, (error as Error).message)
  }
}

/** Creates an empty replica under a temporary name, then renames it: never half made. */
function createFresh(file: string): Database.Database {
  const temporary = `${file}.${process.pid}.tmp`
  rmSync(temporary, { force: true })
  const db = new Database(temporary)
  try {
    // It holds the certificates' private keys: its owner only (SQLite gives its -wal and -shm
    // files the database file's permissions).
    chmodSync(temporary, 0o600)
    createReplicaSchema(db)
  } finally {
    db.close()
  }
  for (const suffix of WAL_SUFFIXES) rmSync(`${file}${suffix}`, { force: true })
  renameSync(temporary, file)
  return new Database(file)
}

/**
 * The edge's replica in `dataDir`, for its one writer (the process that follows the control
 * plane). Call once at startup: it removes the temporary files a killed writer left, sets aside
 * a replica that fails its checks (the edge then starts empty and takes the control plane's
 * snapshot), creates an empty one if there is none, and imports an `edge-replica.json` left by
 * an older Verge.
 */
export function openReplica(dataDir: string): ReplicaDatabase {
  mkdirSync(dataDir, { recursive: true })
  removeTemporaries(dataDir)
  const file = path.join(dataDir, REPLICA_FILE)
  const db = (existsSync(file) ? openExisting(file) : undefined) ?? createFresh(file)
  configureWriter(db)
  const replica = new ReplicaDatabase(db, file)
  migrateLegacyReplicaFile(dataDir, replica)
  return replica
}

/** Writes `snapshot` as the replica of `dataDir` (the edge is not running): for tests and tools. */
export function writeReplicaFile(dataDir: string, snapshot: Snapshot): void {
  const replica = openReplica(dataDir)
  try {
    feedSnapshot(replica.snapshotSink(), snapshot)
  } finally {
    replica.close()
  }
}
