/**
 * The replica as plain data: what an edge holds at one revision, with no function loaded. The
 * edge's primary keeps one to write its disk snapshot and start workers; each worker's live
 * replica wraps one (`src/edge/replication/replica.ts`); the control plane rebuilds a store's past content
 * with one (`store-content.ts`). `applyChange` (`apply-change.ts`) and a snapshot sink (`replica-state-sink.ts`) are the
 * only code that changes it.
 */
import type { EdgeDistribution } from './distribution.js'
import type { Snapshot, SnapshotFunction } from './protocol.js'

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
}

export function createReplicaState(): ReplicaState {
  return {
    revision: 0,
    databaseId: undefined,
    stores: new Map(),
    functions: new Map(),
    distributions: new Map(),
  }
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
  }
}
