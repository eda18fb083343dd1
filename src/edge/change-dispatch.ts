import {
  ChangeKind,
  type DistributionDeletedPayload,
  type FunctionDeletedPayload,
  type KvsContentPayload,
  type KvsCreatedPayload,
  type KvsDeletedPayload,
  type KvsKeyDeletedPayload,
  type KvsKeyPutPayload,
  type KvsKeysUpdatedPayload,
} from '../sync/changes.js'
import type { EdgeDistribution } from '../sync/distribution.js'
import type { SnapshotFunction, SyncChange } from '../sync/protocol.js'

/**
 * What an edge does with each kind of change, whatever holds the data: the live replica of a
 * worker (`ReplicaApplier`) or the primary's plain copy (`SnapshotState`). `at` is the commit
 * time (ISO 8601). A change for a store the edge never saw creates it.
 */
export interface ChangeTarget {
  createStore(id: string, name: string, created: string): void
  deleteStore(id: string): void
  replaceStoreContent(id: string, entries: ReadonlyArray<readonly [string, string]>, at: string): void
  putKey(id: string, key: string, value: string, at: string): void
  deleteKey(id: string, key: string, at: string): void
  putFunction(definition: SnapshotFunction): void
  deleteFunction(arn: string): void
  putDistribution(distribution: EdgeDistribution): void
  deleteDistribution(id: string): void
}

/** Applies one change to `target`; kinds an edge does not need (or does not know yet) are skipped. */
export function dispatchChange(change: SyncChange, target: ChangeTarget): void {
  const at = change.committed
  switch (change.kind) {
    case ChangeKind.kvsCreated: {
      const payload = change.payload as KvsCreatedPayload
      target.createStore(payload.storeId, payload.name, payload.created)
      break
    }
    case ChangeKind.kvsDeleted:
      target.deleteStore((change.payload as KvsDeletedPayload).storeId)
      break
    case ChangeKind.kvsImported:
    case ChangeKind.kvsRolledBack: {
      const payload = change.payload as KvsContentPayload
      const entries = payload.entries.map((entry) => [entry.key, entry.value] as const)
      target.replaceStoreContent(payload.storeId, entries, at)
      break
    }
    case ChangeKind.keyPut: {
      const payload = change.payload as KvsKeyPutPayload
      target.putKey(payload.storeId, payload.key, payload.value, at)
      break
    }
    case ChangeKind.keyDeleted: {
      const payload = change.payload as KvsKeyDeletedPayload
      target.deleteKey(payload.storeId, payload.key, at)
      break
    }
    case ChangeKind.keysUpdated: {
      // UpdateKeys: deletes first, then puts, in one revision.
      const payload = change.payload as KvsKeysUpdatedPayload
      for (const key of payload.deletes) target.deleteKey(payload.storeId, key, at)
      for (const entry of payload.puts) target.putKey(payload.storeId, entry.key, entry.value, at)
      break
    }
    case ChangeKind.functionPublished:
      target.putFunction(change.payload as SnapshotFunction)
      break
    case ChangeKind.functionDeleted:
      target.deleteFunction((change.payload as FunctionDeletedPayload).arn)
      break
    case ChangeKind.distributionPut:
      target.putDistribution(change.payload as EdgeDistribution)
      break
    case ChangeKind.distributionDeleted:
      target.deleteDistribution((change.payload as DistributionDeletedPayload).id)
      break
    default:
      break
  }
}
