import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { Snapshot } from '../../sync/index.js'
import { feedSnapshot, validateSnapshot } from '../../sync/index.js'
import type { ReplicaDatabase } from './replica-database.js'
import { discardReplicaFile, LEGACY_REPLICA_FILE, replicaFileChannel } from './replica-file.js'

/**
 * The `edge-replica.json` an older Verge wrote, if there is one and it passes
 * `validateSnapshot`; a torn, foreign or wrong-shape file is set aside as
 * `edge-replica.json.rejected` and reported.
 */
function readLegacyReplicaFile(file: string): Snapshot | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    return discardReplicaFile(file, (error as Error).message)
  }
  try {
    return validateSnapshot(JSON.parse(text))
  } catch (error) {
    return discardReplicaFile(file, (error as Error).message)
  }
}

/**
 * Imports an `edge-replica.json` left by an older Verge into an empty SQLite replica, once: the
 * JSON file is removed afterwards. If the SQLite replica already holds data, it is newer than
 * the JSON file (which nothing writes any more) and the JSON file is only removed.
 */
export function migrateLegacyReplicaFile(dataDir: string, replica: ReplicaDatabase): void {
  const file = path.join(dataDir, LEGACY_REPLICA_FILE)
  const legacy = readLegacyReplicaFile(file)
  if (legacy === undefined) return
  if (replica.revision === 0) {
    feedSnapshot(replica.snapshotSink(), legacy)
    replicaFileChannel.publish({ event: 'migrated', file, revision: replica.revision })
  }
  rmSync(file, { force: true })
}
