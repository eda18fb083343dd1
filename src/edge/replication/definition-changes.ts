import type { SyncChange } from '../../sync/index.js'

/**
 * The changes a process serving viewers must see in memory: functions, distributions and the
 * certificates its HTTPS server presents. Store
 * content lives in the replica database, which every process reads (`ReplicaReader`), so key
 * changes never travel to the workers.
 */
export function definitionChanges(changes: readonly SyncChange[]): SyncChange[] {
  return changes.filter(
    (change) =>
      change.kind === 'function.published' ||
      change.kind === 'function.deleted' ||
      change.kind === 'distribution.put' ||
      change.kind === 'distribution.deleted' ||
      change.kind === 'certificate.put' ||
      change.kind === 'certificate.deleted',
  )
}
