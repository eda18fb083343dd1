import type { Snapshot, SnapshotSink } from '../../sync/index.js'

/** Entries per `entries` part when a whole snapshot is fed into a sink. */
const ENTRIES_PER_PART = 1000

/**
 * Feeds a whole `Snapshot` into a `SnapshotSink` in the parts' order (`snapshot-stream.ts`), so
 * that a snapshot received in one piece and one streamed part by part are written the same way.
 * A snapshot without a database identity (a replica file from an older Verge) begins with an
 * empty one. If the sink throws, it is aborted and the error rethrown.
 */
export function feedSnapshot(sink: SnapshotSink, snapshot: Snapshot): void {
  try {
    sink.begin({ databaseId: snapshot.databaseId ?? '', revision: snapshot.revision })
    for (const store of snapshot.keyValueStores) {
      sink.store({ id: store.id, name: store.name, created: store.created, lastModified: store.lastModified })
      for (let at = 0; at < store.entries.length; at += ENTRIES_PER_PART)
        sink.entries(store.id, store.entries.slice(at, at + ENTRIES_PER_PART))
    }
    for (const definition of snapshot.functions) sink.function(definition)
    for (const distribution of snapshot.distributions) sink.distribution(distribution)
    sink.commit()
  } catch (error) {
    sink.abort()
    throw error
  }
}
