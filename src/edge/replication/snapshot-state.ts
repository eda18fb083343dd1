import type { Snapshot, SnapshotSink, SyncChange } from '../../sync/index.js'
import {
  applyChange,
  createReplicaState,
  createReplicaStateSink,
  feedSnapshot,
  toSnapshot,
} from '../../sync/index.js'

/**
 * The replica as plain data, with no function loaded: what the primary of an edge keeps to
 * write the disk snapshot and to start (or restart) a worker. A thin holder of a
 * `ReplicaState`: the same reducer as a worker's live replica, so `toSnapshot()` equals what a
 * worker describes at the same revision.
 */
export class SnapshotState {
  readonly #state = createReplicaState()

  get revision(): number {
    return this.#state.revision
  }

  /** The identity of the database the data came from (`Snapshot.databaseId`). */
  get databaseId(): string | undefined {
    return this.#state.databaseId
  }

  /** Replaces everything at the sink's commit. */
  snapshotSink(): SnapshotSink {
    return createReplicaStateSink(this.#state)
  }

  /** Replaces everything with a snapshot checked in full, through the sink. */
  applySnapshot(snapshot: Snapshot): void {
    feedSnapshot(this.snapshotSink(), snapshot)
  }

  /** Applies one change; a revision at or below the current one is skipped. */
  applyChange(change: SyncChange): void {
    applyChange(this.#state, change)
  }

  /** Everything held, consistent at `revision`. */
  toSnapshot(): Snapshot {
    return toSnapshot(this.#state)
  }
}
