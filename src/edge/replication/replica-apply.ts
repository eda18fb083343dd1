import { channel } from 'node:diagnostics_channel'
import type { EdgeLocation } from '../../runtime/index.js'
import { loadFunction } from '../../runtime/index.js'
import type { Snapshot, SnapshotFunction, SnapshotSink, SyncChange } from '../../sync/index.js'
import {
  applyChange,
  type ChangeEffect,
  createReplicaStateSink,
  feedSnapshot,
  toSnapshot,
} from '../../sync/index.js'
import type { EdgeReplica } from './replica.js'

/**
 * Published when a LIVE function cannot be loaded (its code does not compile here, e.g. a disk
 * snapshot from another version): `{arn, name, error}`. The function is skipped; its previous
 * version, if one is loaded, keeps serving, else its requests get 503.
 */
export const functionLoadChannel = channel('verge:edge:function-load-failed')

/**
 * Applies snapshots and changes from the control plane to an edge's live replica: the plain
 * state changes through `applyChange` and a snapshot sink (the same reducer as the primary's and the
 * control plane's), and this reacts to what each one touched: it loads and disposes functions
 * and tells the replica its distributions changed. Store content needs nothing more: functions
 * read the state. Runs between invocations: every method is synchronous.
 */
export class ReplicaApplier {
  readonly #replica: EdgeReplica
  readonly #edgeLocation: EdgeLocation | undefined
  /** What each loaded function was loaded from, to skip reloading an unchanged one. */
  readonly #loadedFrom = new Map<string, SnapshotFunction>()

  constructor(replica: EdgeReplica, options: { edgeLocation?: EdgeLocation } = {}) {
    this.#replica = replica
    this.#edgeLocation = options.edgeLocation
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
      for (const arn of [...this.#replica.functionArns()]) if (!state.functions.has(arn)) this.#unload(arn)
      for (const definition of state.functions.values()) this.#load(definition)
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
        if (effect.definition === undefined) this.#unload(effect.arn)
        else this.#load(effect.definition)
        break
      case 'distribution':
        this.#replica.distributionsChanged()
        break
      case 'store':
      case 'nothing':
        break
    }
  }

  #unload(arn: string): void {
    this.#replica.deleteFunction(arn)
    this.#loadedFrom.delete(arn)
  }

  #load(definition: SnapshotFunction): void {
    const previous = this.#loadedFrom.get(definition.arn)
    if (
      previous !== undefined &&
      previous.code === definition.code &&
      previous.runtime === definition.runtime &&
      previous.keyValueStoreId === definition.keyValueStoreId &&
      this.#replica.function(definition.arn) !== undefined
    ) {
      return
    }
    let fn: ReturnType<typeof loadFunction>
    try {
      fn = loadFunction({
        code: definition.code,
        runtime: definition.runtime,
        keyValueStore:
          definition.keyValueStoreId === undefined
            ? undefined
            : this.#replica.storeReader(definition.keyValueStoreId),
        name: definition.name,
        edgeLocation: this.#edgeLocation,
      })
    } catch (error) {
      // The control plane validated the code: a failure here is a version skew or a damaged
      // disk snapshot. Skip the function rather than stop the edge; the previous LIVE version
      // (if loaded) stays in place. The state keeps the definition, so that `toSnapshot` still
      // describes what the control plane sent.
      functionLoadChannel.publish({ arn: definition.arn, name: definition.name, error })
      return
    }
    this.#loadedFrom.set(definition.arn, definition)
    this.#replica.putFunction(definition.arn, fn)
  }
}
