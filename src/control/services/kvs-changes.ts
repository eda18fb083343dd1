import { ChangeKind } from '../../sync/changes.js'

/**
 * The change-log kinds for key value stores and keys. The kinds and their payloads are the
 * control → edge contract, defined in `src/sync/changes.ts`; this names the KVS subset the
 * services write. `created`, `imported` and `rolledBack` carry the whole content; the others
 * are deltas on the previous revision.
 */
export const KvsChangeKind = {
  created: ChangeKind.kvsCreated,
  updated: ChangeKind.kvsUpdated,
  deleted: ChangeKind.kvsDeleted,
  imported: ChangeKind.kvsImported,
  rolledBack: ChangeKind.kvsRolledBack,
  keyPut: ChangeKind.keyPut,
  keyDeleted: ChangeKind.keyDeleted,
  keysUpdated: ChangeKind.keysUpdated,
} as const

export type KvsChangeKind = (typeof KvsChangeKind)[keyof typeof KvsChangeKind]

/** Kinds that replace a store's whole content. */
export const KVS_SNAPSHOT_KINDS: readonly KvsChangeKind[] = [
  KvsChangeKind.created,
  KvsChangeKind.imported,
  KvsChangeKind.rolledBack,
]

/** Kinds that change some keys. */
export const KVS_KEY_KINDS: readonly KvsChangeKind[] = [
  KvsChangeKind.keyPut,
  KvsChangeKind.keyDeleted,
  KvsChangeKind.keysUpdated,
]

export type {
  KvsContentPayload,
  KvsCreatedPayload,
  KvsDeletedPayload,
  KvsKeyDeletedPayload,
  KvsKeyPutPayload,
  KvsKeysUpdatedPayload,
  KvsUpdatedPayload,
} from '../../sync/changes.js'
