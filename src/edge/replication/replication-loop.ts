import { channel } from 'node:diagnostics_channel'
import {
  afterCommit,
  feedSnapshot,
  type Snapshot,
  type SnapshotSink,
  type SyncChange,
  type SyncRefusal,
} from '../../sync/index.js'
import type { ControlTrust } from './control-trust.js'
import { readReplicaFile, writeReplicaFile } from './replica-file.js'
import { SyncClient } from './sync-client.js'

/** Published when a change arrives and when it is applied: `{revision, appliedAt}`. */
export const appliedChannel = channel('verge:edge:applied')

/** What the loop keeps up to date: the primary's plain state or an in-process live replica. */
export interface ReplicaHolder {
  readonly revision: number
  readonly databaseId: string | undefined
  /** A sink that replaces everything held at its commit: the one way a snapshot reaches it. */
  snapshotSink(): SnapshotSink
  applyChange(change: SyncChange): void
  toSnapshot(): Snapshot
}

export interface ReplicationOptions {
  controlUrl: string
  token: string
  edgeId: string
  /** Shown to the control plane; default the edge id. */
  name?: string
  /** Where the disk snapshot is kept. */
  dataDir: string
  /** How long after the last change the disk snapshot is written; default 200 ms. */
  persistDelayMs?: number
  acceptNewControlPlane?: boolean
  /** What to trust for an `https://` control plane besides Node's CAs. */
  controlTrust?: ControlTrust
  /** Told after the holder applied a snapshot or a batch of changes (e.g. to forward them). */
  afterSnapshot?: (snapshot: Snapshot) => void
  afterChanges?: (changes: SyncChange[]) => void
}

/**
 * An edge's one replication loop, whatever the process model: restores the holder from the disk
 * snapshot, follows the control plane with one sync client (which acknowledges every applied
 * revision), and writes the disk snapshot shortly after each change, and once more on stop.
 */
export class ReplicationLoop {
  readonly #options: ReplicationOptions
  readonly #holder: ReplicaHolder
  readonly #sync: SyncClient
  #persistTimer: NodeJS.Timeout | undefined

  constructor(options: ReplicationOptions, holder: ReplicaHolder) {
    this.#options = options
    this.#holder = holder
    const saved = readReplicaFile(options.dataDir)
    if (saved !== undefined) feedSnapshot(holder.snapshotSink(), saved)
    this.#sync = new SyncClient({
      controlUrl: options.controlUrl,
      token: options.token,
      edgeId: options.edgeId,
      edgeName: options.name ?? options.edgeId,
      acceptNewControlPlane: options.acceptNewControlPlane === true,
      ...(options.controlTrust === undefined ? {} : { trust: options.controlTrust }),
      target: {
        get revision() {
          return holder.revision
        },
        get databaseId() {
          return holder.databaseId
        },
        snapshotSink: () =>
          afterCommit(holder.snapshotSink(), () => {
            options.afterSnapshot?.(holder.toSnapshot())
            this.#schedulePersist()
          }),
        applyChanges: (changes) => {
          for (const change of changes) holder.applyChange(change)
          options.afterChanges?.(changes)
          if (appliedChannel.hasSubscribers)
            appliedChannel.publish({ revision: holder.revision, appliedAt: Date.now() })
          this.#schedulePersist()
        },
      },
    })
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

  /** Stops following the control plane and writes a pending disk snapshot. */
  async stop(): Promise<void> {
    await this.#sync.stop()
    if (this.#persistTimer !== undefined) {
      clearTimeout(this.#persistTimer)
      this.#persist()
    }
  }

  #persist(): void {
    this.#persistTimer = undefined
    writeReplicaFile(this.#options.dataDir, this.#holder.toSnapshot())
  }

  #schedulePersist(): void {
    this.#persistTimer ??= setTimeout(() => this.#persist(), this.#options.persistDelayMs ?? 200)
  }
}
