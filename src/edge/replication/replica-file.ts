import { randomUUID } from 'node:crypto'
import { channel } from 'node:diagnostics_channel'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Snapshot } from '../../sync/index.js'
import { validateSnapshot } from '../../sync/index.js'

export const REPLICA_FILE = 'edge-replica.json'
/** Where a replica file that failed validation is kept for the operator (the last one only). */
export const REJECTED_REPLICA_FILE = `${REPLICA_FILE}.rejected`
export const EDGE_ID_FILE = 'edge-id'

/**
 * Published when the disk snapshot is not used: `{event: 'discarded', file, reason}` (it is
 * moved to `edge-replica.json.rejected`; the edge starts empty and takes the control plane's
 * snapshot), and `{event: 'temporary-removed', file}` for a half-written copy a killed writer left.
 */
export const replicaFileChannel = channel('verge:edge:replica-file')

/** `edge-replica.json.<pid>.tmp`: what `writeReplicaFile` writes before its rename. */
const isTemporary = (name: string) => name.startsWith(`${REPLICA_FILE}.`) && name.endsWith('.tmp')

/** Removes the temporary copies a writer killed before its rename left behind. */
function removeTemporaries(dataDir: string): void {
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
 * The last snapshot this edge saved, so that a restart serves at once; undefined if there is
 * none or it cannot be trusted. Call once at startup (only one process writes the file): it
 * first removes the temporary copies a killed writer left. A torn, foreign or wrong-shape file
 * (`validateSnapshot`) is set aside and reported, and the edge resyncs from the control plane.
 */
export function readReplicaFile(dataDir: string): Snapshot | undefined {
  removeTemporaries(dataDir)
  const file = path.join(dataDir, REPLICA_FILE)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    return discard(dataDir, file, (error as Error).message)
  }
  try {
    return validateSnapshot(JSON.parse(text))
  } catch (error) {
    return discard(dataDir, file, (error as Error).message)
  }
}

function discard(dataDir: string, file: string, reason: string): undefined {
  try {
    renameSync(file, path.join(dataDir, REJECTED_REPLICA_FILE))
  } catch {
    rmSync(file, { force: true })
  }
  replicaFileChannel.publish({ event: 'discarded', file, reason })
  return undefined
}

/**
 * Writes the snapshot atomically (temporary file, then rename), readable by its owner only: it
 * holds the private keys of the distributions' certificates.
 */
export function writeReplicaFile(dataDir: string, snapshot: Snapshot): void {
  mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, REPLICA_FILE)
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, JSON.stringify(snapshot), { mode: 0o600 })
  renameSync(temporary, file)
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
