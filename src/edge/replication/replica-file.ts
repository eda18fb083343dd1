import { randomUUID } from 'node:crypto'
import { channel } from 'node:diagnostics_channel'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** The edge's replica: an SQLite database (`replica-schema.ts`). */
export const REPLICA_FILE = 'edge-replica.sqlite'
/** Where a replica file that failed its checks is kept for the operator (the last one only). */
export const REJECTED_REPLICA_FILE = `${REPLICA_FILE}.rejected`
/** The replica file of Verge before the SQLite replica: imported once, then removed. */
export const LEGACY_REPLICA_FILE = 'edge-replica.json'
export const EDGE_ID_FILE = 'edge-id'

/** SQLite's companions of a database file in WAL mode (sqlite.org, "Write-Ahead Logging"). */
export const WAL_SUFFIXES = ['-wal', '-shm'] as const

/**
 * Published when the disk replica is not used: `{event: 'discarded', file, reason}` (it is
 * moved to `<file>.rejected`; the edge starts empty and takes the control plane's snapshot);
 * `{event: 'temporary-removed', file}` for a half-written file a killed writer left; and
 * `{event: 'migrated', file, revision}` when an `edge-replica.json` was imported.
 */
export const replicaFileChannel = channel('verge:edge:replica-file')

/** `<replica file>.<pid>.tmp`: what a writer makes before its rename, for either file. */
const isTemporary = (name: string) =>
  (name.startsWith(`${REPLICA_FILE}.`) || name.startsWith(`${LEGACY_REPLICA_FILE}.`)) && name.endsWith('.tmp')

/** Removes the temporary files a writer killed before its rename left behind. */
export function removeTemporaries(dataDir: string): void {
  let names: string[]
  try {
    names = readdirSync(dataDir)
  } catch {
    return
  }
  for (const name of names.filter(isTemporary)) {
    const file = path.join(dataDir, name)
    rmSync(file, { force: true })
    replicaFileChannel.publish({ event: 'temporary-removed', file })
  }
}

/**
 * Sets a replica file aside as `<file>.rejected` (its WAL companions are removed: they belong to
 * it, not to the fresh replica that takes its place) and reports why.
 */
export function discardReplicaFile(file: string, reason: string): undefined {
  try {
    renameSync(file, `${file}.rejected`)
  } catch {
    rmSync(file, { force: true })
  }
  for (const suffix of WAL_SUFFIXES) rmSync(`${file}${suffix}`, { force: true })
  replicaFileChannel.publish({ event: 'discarded', file, reason })
  return undefined
}

/** This edge's stable id, created on first start. */
export function loadEdgeId(dataDir: string): string {
  const file = path.join(dataDir, EDGE_ID_FILE)
  try {
    const id = readFileSync(file, 'utf8').trim()
    if (id !== '') return id
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  mkdirSync(dataDir, { recursive: true })
  const id = randomUUID()
  writeFileSync(file, `${id}\n`)
  return id
}
