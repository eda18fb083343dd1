import { channel } from 'node:diagnostics_channel'
import { afterCommit, type SnapshotSink, type SyncChange, type SyncRefusal } from '../../sync/index.js'
import type { ControlTrust } from './control-trust.js'
import type { ReplicaDatabase } from './replica-database.js'
import { SyncClient } from './sync-client.js'

/** Published when a change arrives and when it is applied: `{revision, appliedAt}`. */
export const appliedChannel = channel('verge:edge:applied')

export interface ReplicationOptions {
  controlUrl: string
  token: string
  edgeId: string
  /** Shown to the control plane; default the edge id. */
  name?: string
  acceptNewControlPlane?: boolean
  /** What to trust for an `https://` control plane besides Node's CAs. */
  controlTrust?: ControlTrust
  /**
   * Told once a snapshot or a batch of changes is committed to the replica database (e.g. to
   * tell the workers, or to load functions): `changes` is the whole batch, key changes included.
   */
  afterSnapshot?: () => void
  afterChanges?: (changes: SyncChange[]) => void
}

/**
 * An edge's one replication loop, whatever the process model: follows the control plane with
 * one sync client (which acknowledges every applied revision) and writes what it receives into
 * the replica database, each batch of changes in one transaction, each snapshot through the
 * database's sink. The database is opened (and checked) by the caller, before: a restart serves
 * from it at once.
 */
export class ReplicationLoop {
  readonly #options: ReplicationOptions
  readonly #replica: ReplicaDatabase
  readonly #sync: SyncClient

  constructor(options: ReplicationOptions, replica: ReplicaDatabase) {
    this.#options = options
    this.#replica = replica
    this.#sync = new SyncClient({
      controlUrl: options.controlUrl,
      token: options.token,
      edgeId: options.edgeId,
      edgeName: options.name ?? options.edgeId,
      acceptNewControlPlane: options.acceptNewControlPlane === true,
      ...(options.controlTrust === undefined ? {} : { trust: options.controlTrust }),
      target: {
        get revision() {
          return replica.revision
        },
        get databaseId() {
          return replica.databaseId
        },
        // The stream goes part by part into the database's staging tables: the snapshot is
        // never held whole in this process.
        snapshotSink: () => this.snapshotSink(),
        applyChanges: (changes) => {
          replica.applyChanges(changes)
          options.afterChanges?.(changes)
          if (appliedChannel.hasSubscribers)
            appliedChannel.publish({ revision: replica.revision, appliedAt: Date.now() })
        },
      },
    })
  }

  /** A sink into the replica database that tells `afterSnapshot` once it committed. */
  snapshotSink(): SnapshotSink {
    return afterCommit(this.#replica.snapshotSink(), () => this.#options.afterSnapshot?.())
  }

  get connected(): boolean {
    return this.#sync.connected
  }

  /** Why the edge refuses the control plane's data, while it does. */
  get refused(): SyncRefusal | undefined {
    return this.#sync.refused
  }

  start(): void {
    this.#sync.start()
  }

  /** Stops following the control plane (every applied change is already on disk). */
  async stop(): Promise<void> {
    await this.#sync.stop()
  }
}
