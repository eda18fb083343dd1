import { randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Snapshot } from '../sync/protocol.js'

export const REPLICA_FILE = 'edge-replica.json'
export const EDGE_ID_FILE = 'edge-id'

/** The last snapshot this edge saved, so that a restart serves at once; undefined if none. */
export function readReplicaFile(dataDir: string): Snapshot | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, REPLICA_FILE), 'utf8')) as Snapshot
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    // A torn or foreign file: start from the control plane's snapshot instead.
    return undefined
  }
}

/** Writes the snapshot atomically (temporary file, then rename). */
export function writeReplicaFile(dataDir: string, snapshot: Snapshot): void {
  mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, REPLICA_FILE)
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, JSON.stringify(snapshot))
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
