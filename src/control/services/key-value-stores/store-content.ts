import type { KvsLimits } from '../../../kvs/index.js'
import { entryBytes, KvsError, validateKey, validateValue } from '../../../kvs/index.js'
import {
  applyChange,
  type ChangeKind,
  createReplicaState,
  type KeyChange,
  KVS_CONTENT_KINDS,
  KVS_KEY_KINDS,
  type KvsContentPayload,
  keyEdits,
} from '../../../sync/index.js'
import { ControlError } from '../../errors.js'
import type { KeyEntry, KeyValueStoreRecord, StateReader, StateTransaction } from '../../state/state-store.js'
import { newDataEtag } from '../shared/ids.js'

/** Turns the kvs module's validation errors into the services' codes. */
export function toControlError(error: unknown): unknown {
  if (!(error instanceof KvsError)) return error
  switch (error.code) {
    case 'KeyEmpty':
    case 'KeyTooLong':
    case 'ValueTooLarge':
    case 'InvalidImportFile':
    case 'MalformedUnicode':
      return new ControlError('InvalidArgument', error.message, { cause: error })
    case 'StoreTooLarge':
      return new ControlError('EntitySizeLimitExceeded', error.message, { cause: error })
    case 'NoSuchKey':
      return new ControlError('EntityNotFound', error.message, { cause: error })
  }
}

/** Validates every key and value first, so a bad entry changes nothing. */
export function validateEntries(
  puts: readonly KeyEntry[],
  deleteKeys: readonly string[],
  limits: KvsLimits,
): void {
  try {
    for (const { key, value } of puts) {
      validateKey(key, limits)
      validateValue(value, limits)
    }
    for (const key of deleteKeys) validateKey(key, limits)
  } catch (error) {
    throw toControlError(error)
  }
}

export interface ContentResult {
  readonly store: KeyValueStoreRecord
  readonly revision: number
}

function tooLarge(bytes: number, limits: KvsLimits): ControlError {
  return new ControlError(
    'EntitySizeLimitExceeded',
    `The key value store would hold ${bytes} bytes; the limit is ${limits.maxStoreBytes} bytes.`,
  )
}

/**
 * Applies a validated key change inside `tx` (`PutKey`, `DeleteKey` or `UpdateKeys`: its deletes
 * then its puts, `keyEdits`), keeps ItemCount and TotalSizeInBytes, gives the store a new data
 * ETag and appends the change. Over the store size it throws, and the caller's transaction
 * rolls everything back.
 */
export async function writeKeys(
  tx: StateTransaction,
  store: KeyValueStoreRecord,
  change: KeyChange,
  limits: KvsLimits,
  now: Date,
): Promise<ContentResult> {
  const edits = keyEdits(change)
  let itemCount = store.itemCount
  let bytes = store.totalSizeInBytes
  for (const key of edits.deletes) {
    const previous = await tx.deleteKey(store.id, key)
    if (previous !== undefined) {
      itemCount--
      bytes -= entryBytes(key, previous)
    }
  }
  for (const { key, value } of edits.puts) {
    const previous = await tx.putKey(store.id, key, value)
    if (previous === undefined) itemCount++
    else bytes -= entryBytes(key, previous)
    bytes += entryBytes(key, value)
  }
  if (bytes > limits.maxStoreBytes) throw tooLarge(bytes, limits)
  const updated: KeyValueStoreRecord = {
    ...store,
    itemCount,
    totalSizeInBytes: bytes,
    dataEtag: newDataEtag(),
    lastModified: now,
  }
  await tx.updateKeyValueStore(store.id, {
    itemCount,
    totalSizeInBytes: bytes,
    dataEtag: updated.dataEtag,
    lastModified: now,
  })
  const appended = await tx.appendChange(change)
  return { store: updated, revision: appended.revision }
}

/**
 * Replaces the whole content (import, rollback) in `tx`: one new data ETag, one change that
 * carries every entry. Entries must already be validated and free of duplicates.
 */
export async function replaceContent(
  tx: StateTransaction,
  store: KeyValueStoreRecord,
  entries: KeyEntry[],
  change: { kind: typeof ChangeKind.kvsImported | typeof ChangeKind.kvsRolledBack; toRevision?: number },
  limits: KvsLimits,
  now: Date,
): Promise<ContentResult> {
  let bytes = 0
  for (const { key, value } of entries) bytes += entryBytes(key, value)
  if (bytes > limits.maxStoreBytes) throw tooLarge(bytes, limits)
  await tx.deleteAllKeys(store.id)
  for (const { key, value } of entries) await tx.putKey(store.id, key, value)
  const updated: KeyValueStoreRecord = {
    ...store,
    status: 'READY',
    itemCount: entries.length,
    totalSizeInBytes: bytes,
    dataEtag: newDataEtag(),
    lastModified: now,
  }
  const { failureReason: _dropped, ...withoutReason } = updated
  await tx.updateKeyValueStore(store.id, {
    status: 'READY',
    failureReason: null,
    itemCount: entries.length,
    totalSizeInBytes: bytes,
    dataEtag: updated.dataEtag,
    lastModified: now,
  })
  const payload: KvsContentPayload = { storeId: store.id, status: 'READY', entries }
  if (change.toRevision !== undefined) payload.toRevision = change.toRevision
  const appended = await tx.appendChange({ kind: change.kind, payload })
  return { store: withoutReason, revision: appended.revision }
}

/**
 * A store's content at `revision`, rebuilt from the change log with the replicas' reducer
 * (`applyChange`): the newest content change at or before it, then every key change up to it.
 * Sorted by key (UTF-8 byte order).
 */
export async function contentAtRevision(
  state: StateReader,
  storeId: string,
  revision: number,
): Promise<KeyEntry[]> {
  const [content] = await state.listChanges({
    entityId: storeId,
    upToRevision: revision,
    kinds: KVS_CONTENT_KINDS,
    descending: true,
    limit: 1,
  })
  if (content === undefined) {
    throw new ControlError('InvalidArgument', `The key value store did not exist at revision ${revision}.`)
  }
  const deltas = await state.listChanges({
    entityId: storeId,
    afterRevision: content.revision,
    upToRevision: revision,
    kinds: KVS_KEY_KINDS,
  })
  const replica = createReplicaState()
  for (const change of [content, ...deltas]) {
    applyChange(replica, { ...change, committed: change.committed.toISOString() })
  }
  return [...(replica.stores.get(storeId)?.entries ?? [])]
    .map(([key, value]) => ({ key, value }))
    .sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)))
}
