import { channel } from 'node:diagnostics_channel'
import type { EdgeLocation } from '../../runtime/index.js'
import { loadFunction } from '../../runtime/index.js'
import type { Snapshot, SnapshotFunction, SyncChange } from '../../sync/index.js'
import { applyChange, applySnapshot, type ChangeEffect } from '../../sync/index.js'
import { definitionChanges } from './definition-changes.js'
import type { EdgeReplica } from './replica.js'

/**
 * Published when a LIVE function cannot be loaded (its code does not compile here, e.g. a disk
 * snapshot from another version): `{arn, name, error}`. The function is skipped; its previous
 * version, if one is loaded, keeps serving, else its requests get 503.
 */
export const functionLoadChannel = channel('verge:edge:function-load-failed')

/**
 * Applies the functions and distributions of the replica to an edge's live replica: the plain
 * state changes through `applyChange`/`applySnapshot` (the same reducer as the control plane's),
 * and this reacts to what each one touched: it loads and disposes functions and tells the
 * replica its distributions changed. Store content needs nothing: functions read it from the
 * replica's store source. Runs between invocations: every method is synchronous.
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

  applySnapshot(snapshot: Snapshot): void {
    const { state } = this.#replica
    applySnapshot(state, snapshot)
    for (const arn of [...this.#replica.functionArns()]) if (!state.functions.has(arn)) this.#unload(arn)
    for (const definition of state.functions.values()) this.#load(definition)
    this.#replica.distributionsChanged()
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
      // (if loaded) stays in place. The state keeps the definition the control plane sent.
      functionLoadChannel.publish({ arn: definition.arn, name: definition.name, error })
      return
    }
    this.#loadedFrom.set(definition.arn, definition)
    this.#replica.putFunction(definition.arn, fn)
  }
}
