/**
 * The replica as plain data: what an edge holds at one revision, with no function loaded. The
 * edge's primary keeps one to write its disk snapshot and start workers; each worker's live
 * replica wraps one (`src/edge/replication/replica.ts`); the control plane rebuilds a store's past content
 * with one (`store-content.ts`). `applyChange` (`apply-change.ts`) and `applySnapshot` are the
 * only code that changes it.
 */
import type { EdgeDistribution } from './distribution.js'
import type { Snapshot, SnapshotCertificate, SnapshotFunction } from './protocol.js'

/** One key value store: its keys in a Map, times as ISO 8601 strings. */
export interface StoreState {
  name: string
  created: string
  lastModified: string
  entries: Map<string, string>
}

export interface ReplicaState {
  /** The revision the data reflects. */
  revision: number
  /** The identity of the database the data came from (`Snapshot.databaseId`). */
  databaseId: string | undefined
  /** By store Id. */
  readonly stores: Map<string, StoreState>
  /** LIVE functions by FunctionARN, as the control plane sent them. */
  readonly functions: Map<string, SnapshotFunction>
  /** By distribution Id. */
  readonly distributions: Map<string, EdgeDistribution>
  /** Imported certificates (with their keys) by ARN. */
  readonly certificates: Map<string, SnapshotCertificate>
}

export function createReplicaState(): ReplicaState {
  return {
    revision: 0,
    databaseId: undefined,
    stores: new Map(),
    functions: new Map(),
    distributions: new Map(),
    certificates: new Map(),
  }
}

/** Replaces everything `state` holds with `snapshot`. */
export function applySnapshot(state: ReplicaState, snapshot: Snapshot): void {
  state.stores.clear()
  for (const store of snapshot.keyValueStores) {
    state.stores.set(store.id, {
      name: store.name,
      created: store.created,
      lastModified: store.lastModified,
      entries: new Map(store.entries),
    })
  }
  state.functions.clear()
  for (const fn of snapshot.functions) state.functions.set(fn.arn, fn)
  state.distributions.clear()
  for (const distribution of snapshot.distributions) state.distributions.set(distribution.Id, distribution)
  state.certificates.clear()
  for (const certificate of snapshot.certificates ?? []) state.certificates.set(certificate.arn, certificate)
  state.revision = snapshot.revision
  state.databaseId = snapshot.databaseId
}

/** Everything `state` holds, as a snapshot at its revision. */
export function toSnapshot(state: ReplicaState): Snapshot {
  return {
    ...(state.databaseId === undefined ? {} : { databaseId: state.databaseId }),
    revision: state.revision,
    keyValueStores: [...state.stores].map(([id, store]) => ({
      id,
      name: store.name,
      created: store.created,
      lastModified: store.lastModified,
      entries: [...store.entries],
    })),
    functions: [...state.functions.values()],
    distributions: [...state.distributions.values()],
    // Absent when there are none, as in a snapshot from before certificates were replicated.
    ...(state.certificates.size === 0 ? {} : { certificates: [...state.certificates.values()] }),
  }
}
