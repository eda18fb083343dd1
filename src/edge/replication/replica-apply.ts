import type { Snapshot, SnapshotSink, SyncChange } from '../../sync/index.js'
import { applyChange, type ChangeEffect, createReplicaStateSink, feedSnapshot } from '../../sync/index.js'
import { definitionChanges } from './definition-changes.js'
import type { EdgeReplica } from './replica.js'

/**
 * Applies the functions and distributions of the replica to an edge's live replica: the plain
 * state changes through `applyChange` and a snapshot sink (the same reducer as the control
 * plane's), and this reacts to what each one touched: it hands function definitions to the
 * replica's pool (which loads them on demand, `functions/function-pool.ts`) and tells the
 * replica its distributions changed. Store content needs nothing: functions read it from the
 * replica's store source. Runs between invocations: every method is synchronous.
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

  /**
   * Replaces the content with a snapshot checked in full, through the sink: the definitions
   * read from the replica database (`ReplicaDatabase.definitions`, no store content).
   */
  applySnapshot(snapshot: Snapshot): void {
    feedSnapshot(this.snapshotSink(), snapshot)
  }

  /**
   * Applies the function and distribution changes of a batch committed at `revision` (key
   * changes are skipped: the store source has them); a change at or below the applied revision
   * is skipped.
   */
  applyChanges(changes: readonly SyncChange[], revision: number): void {
    const { state } = this.#replica
    for (const change of definitionChanges(changes)) this.#react(applyChange(state, change))
    if (revision > state.revision) state.revision = revision
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
