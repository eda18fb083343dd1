import type { Snapshot, SnapshotSink, SyncChange } from '../../sync/index.js'
import {
  applyChange,
  type ChangeEffect,
  createReplicaStateSink,
  feedSnapshot,
  toSnapshot,
} from '../../sync/index.js'
import type { EdgeReplica } from './replica.js'

/**
 * Applies snapshots and changes from the control plane to an edge's live replica: the plain
 * state changes through `applyChange` and a snapshot sink (the same reducer as the primary's and the
 * control plane's), and this reacts to what each one touched: it hands function definitions to
 * the replica's pool (which loads them on demand, `functions/function-pool.ts`) and tells the
 * replica its distributions changed. Store content needs nothing more: functions
 * read the state. Runs between invocations: every method is synchronous.
 */
export class ReplicaApplier {
  readonly #replica: EdgeReplica

  constructor(replica: EdgeReplica) {
    this.#replica = replica
  }

  /** The revision the replica reflects. */
  get revision(): number {
    return this.#replica.state.revision
  }

  /** The identity of the database the data came from (`Snapshot.databaseId`). */
  get databaseId(): string | undefined {
    return this.#replica.state.databaseId
  }

  /**
   * Replaces the replica's content at the sink's commit, then loads what changed among the
   * functions and disposes the ones gone; until then, requests see the previous content.
   */
  snapshotSink(): SnapshotSink {
    const { state } = this.#replica
    return createReplicaStateSink(state, () => {
      const { functions } = this.#replica
      for (const arn of [...functions.arns()]) if (!state.functions.has(arn)) functions.delete(arn)
      for (const definition of state.functions.values()) functions.define(definition)
      this.#replica.certificates.reset()
      this.#replica.distributionsChanged()
    })
  }

  /** Replaces the content with a snapshot checked in full (a worker's copy), through the sink. */
  applySnapshot(snapshot: Snapshot): void {
    feedSnapshot(this.snapshotSink(), snapshot)
  }

  /** Applies one change; a revision at or below the applied one is skipped. */
  applyChange(change: SyncChange): void {
    this.#react(applyChange(this.#replica.state, change))
  }

  /** The replica as a snapshot at the applied revision. */
  toSnapshot(): Snapshot {
    return toSnapshot(this.#replica.state)
  }

  #react(effect: ChangeEffect): void {
    switch (effect.on) {
      case 'function':
        if (effect.definition === undefined) this.#replica.functions.delete(effect.arn)
        else this.#replica.functions.define(effect.definition)
        break
      case 'distribution':
        this.#replica.distributionsChanged()
        break
      case 'certificate':
        this.#replica.certificates.changed(effect.arn)
        break
      case 'store':
      case 'nothing':
        break
    }
  }
}
