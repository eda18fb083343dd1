/**
 * The snapshot as a stream of parts (one NDJSON line each), so that neither the control plane
 * nor the edge ever holds a whole snapshot in memory: stores of 5 MB each, fifty of them, are
 * sent as bounded batches of entries. The parts arrive in this order: `begin`, then for each
 * store its `store` part followed by its `entries` parts, then every `function`, every
 * `distribution`, and `end`, whose counts let the receiver check that nothing was lost. The
 * whole stream describes one revision: the control plane reads it in one read transaction.
 */
import type { EdgeDistribution } from './distribution.js'
import type { SnapshotFunction } from './protocol.js'

/** A store without its entries (they follow in `entries` parts). */
export interface SnapshotStoreHeader {
  readonly id: string
  readonly name: string
  readonly created: string
  readonly lastModified: string
}

/** The counts an `end` part carries. */
export interface SnapshotCounts {
  readonly stores: number
  readonly entries: number
  readonly functions: number
  readonly distributions: number
}

export type SnapshotPart =
  | { readonly type: 'begin'; readonly databaseId: string; readonly revision: number }
  | { readonly type: 'store'; readonly store: SnapshotStoreHeader }
  /** Entries of the store of the last `store` part; a batch stays near 1 MiB of JSON or below. */
  | {
      readonly type: 'entries'
      readonly storeId: string
      readonly entries: ReadonlyArray<readonly [string, string]>
    }
  | { readonly type: 'function'; readonly function: SnapshotFunction }
  | { readonly type: 'distribution'; readonly distribution: EdgeDistribution }
  | ({ readonly type: 'end' } & SnapshotCounts)

/**
 * What receives a snapshot stream on an edge: it replaces the replica's content, and the new
 * content becomes visible all at once at `commit` (a reader never sees half of a snapshot, and
 * a crash before `commit` leaves the previous replica). `abort` drops what was received. The
 * methods are synchronous: a sink writes to memory or to an embedded database.
 */
export interface SnapshotSink {
  begin(header: { readonly databaseId: string; readonly revision: number }): void
  store(store: SnapshotStoreHeader): void
  entries(storeId: string, entries: ReadonlyArray<readonly [string, string]>): void
  function(definition: SnapshotFunction): void
  distribution(distribution: EdgeDistribution): void
  commit(): void
  abort(): void
}
