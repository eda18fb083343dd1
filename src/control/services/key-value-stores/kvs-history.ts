import type { ChangeKind } from '../../../sync/index.js'
import { keyEdits } from '../../../sync/index.js'
import { ControlError } from '../../errors.js'
import type { ChangeRecord, KeyValueStoreRecord, StateReader } from '../../state/state-store.js'

/** One entry of a store's history. */
export interface KeyValueStoreRevision {
  revision: number
  kind: ChangeKind
  committed: Date
  /** Keys put or deleted (key changes). */
  changedKeys?: string[]
  /** Keys in the store after the change (imports and rollbacks). */
  itemCount?: number
  /** For rollbacks: the revision restored. */
  toRevision?: number
}

export interface ListRevisionsOptions {
  /** Only revisions older than this (the previous page's `nextMarker`). */
  marker?: number
  /** 1–100, default 50. */
  maxItems?: number
}

function summarize(change: ChangeRecord): KeyValueStoreRevision {
  const base = { revision: change.revision, kind: change.kind, committed: change.committed }
  switch (change.kind) {
    case 'kvs.key.put':
    case 'kvs.key.deleted':
    case 'kvs.keys.updated': {
      const { deletes, puts } = keyEdits(change)
      return { ...base, changedKeys: [...deletes, ...puts.map((e) => e.key)] }
    }
    case 'kvs.imported':
    case 'kvs.rolledBack': {
      const p = change.payload
      return {
        ...base,
        itemCount: p.entries.length,
        ...(p.toRevision === undefined ? {} : { toRevision: p.toRevision }),
      }
    }
    default:
      return base
  }
}

/** A store's revisions, newest first, paged by revision. */
export async function listRevisions(
  state: StateReader,
  store: KeyValueStoreRecord,
  options: ListRevisionsOptions = {},
): Promise<{ revisions: KeyValueStoreRevision[]; nextMarker?: number }> {
  const maxItems = options.maxItems ?? 50
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 100) {
    throw new ControlError('InvalidArgument', 'MaxItems must be an integer from 1 to 100.')
  }
  const changes = await state.listChanges({
    entityId: store.id,
    ...(options.marker === undefined ? {} : { upToRevision: options.marker - 1 }),
    descending: true,
    limit: maxItems + 1,
  })
  const revisions = changes.slice(0, maxItems).map(summarize)
  const last = revisions[revisions.length - 1]
  return changes.length > maxItems && last !== undefined
    ? { revisions, nextMarker: last.revision }
    : { revisions }
}
