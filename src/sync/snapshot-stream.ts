/**
 * The snapshot as a stream of parts (one NDJSON line each), so that neither the control plane
 * nor the edge ever holds a whole snapshot in memory: stores of 5 MB each, fifty of them, are
 * sent as bounded batches of entries. The parts arrive in this order: `begin`, then for each
 * store its `store` part followed by its `entries` parts, then every `function`, every
 * `distribution`, and `end`, whose counts let the receiver check that nothing was lost. The
 * whole stream describes one revision: the control plane reads it in one read transaction.
 */
import type { EdgeDistribution } from './distribution.js'
import type { Snapshot, SnapshotFunction } from './protocol.js'

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
  /**
   * `databaseId` is undefined only for a disk snapshot written by a Verge from before database
   * identities; the control plane always sends one.
   */
  begin(header: { readonly databaseId: string | undefined; readonly revision: number }): void
  store(store: SnapshotStoreHeader): void
  entries(storeId: string, entries: ReadonlyArray<readonly [string, string]>): void
  function(definition: SnapshotFunction): void
  distribution(distribution: EdgeDistribution): void
  commit(): void
  abort(): void
}

/** An `entries` part carries about this much JSON at most (one entry more at worst). */
export const SNAPSHOT_BATCH_BYTES = 1024 * 1024

/** Encodes one part as its NDJSON line. */
export function encodeSnapshotPart(part: SnapshotPart): string {
  return `${JSON.stringify(part)}\n`
}

/**
 * Cuts a store's entries into `entries` parts of about `SNAPSHOT_BATCH_BYTES` of JSON each
 * (measured in UTF-16 code units, close enough for a bound); an empty store has none.
 */
export function* entryBatches(
  storeId: string,
  entries: Iterable<readonly [string, string]>,
  maxBytes = SNAPSHOT_BATCH_BYTES,
): Generator<SnapshotPart & { type: 'entries' }> {
  let batch: (readonly [string, string])[] = []
  let bytes = 0
  for (const entry of entries) {
    batch.push(entry)
    bytes += entry[0].length + entry[1].length + 8
    if (bytes >= maxBytes) {
      yield { type: 'entries', storeId, entries: batch }
      batch = []
      bytes = 0
    }
  }
  if (batch.length > 0) yield { type: 'entries', storeId, entries: batch }
}

type BodyPart = Exclude<SnapshotPart, { type: 'begin' | 'end' }>

/** A whole in-memory snapshot's stores, entries, functions and distributions, as parts. */
function* snapshotBody(snapshot: Snapshot): Generator<BodyPart> {
  for (const { entries, ...store } of snapshot.keyValueStores) {
    yield { type: 'store', store }
    yield* entryBatches(store.id, entries)
  }
  for (const definition of snapshot.functions) yield { type: 'function', function: definition }
  for (const distribution of snapshot.distributions) yield { type: 'distribution', distribution }
}

/** Hands one part after `begin` to the sink method of its type (`end` is the receiver's: it commits). */
export function deliverPart(sink: SnapshotSink, part: BodyPart): void {
  switch (part.type) {
    case 'store':
      sink.store(part.store)
      break
    case 'entries':
      sink.entries(part.storeId, part.entries)
      break
    case 'function':
      sink.function(part.function)
      break
    case 'distribution':
      sink.distribution(part.distribution)
      break
  }
}

/**
 * Replaces a holder's content with a snapshot already checked in full (`validateSnapshot`):
 * through its sink, the one way a snapshot reaches a holder. A sink that throws is aborted.
 */
export function feedSnapshot(sink: SnapshotSink, snapshot: Snapshot): void {
  try {
    sink.begin({ databaseId: snapshot.databaseId, revision: snapshot.revision })
    for (const part of snapshotBody(snapshot)) deliverPart(sink, part)
    sink.commit()
  } catch (error) {
    sink.abort()
    throw error
  }
}

/** `sink`, with `then` run after each successful commit. */
export function afterCommit(sink: SnapshotSink, then: () => void): SnapshotSink {
  return {
    begin: (header) => sink.begin(header),
    store: (store) => sink.store(store),
    entries: (storeId, entries) => sink.entries(storeId, entries),
    function: (definition) => sink.function(definition),
    distribution: (distribution) => sink.distribution(distribution),
    commit: () => {
      sink.commit()
      then()
    },
    abort: () => sink.abort(),
  }
}
