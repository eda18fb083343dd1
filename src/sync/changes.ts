/**
 * The one change contract of the control plane's log and of replication: a `Change` is a kind
 * and its typed payload, what an edge needs to apply it to its replica. Snapshot-like kinds
 * carry a whole store's content; the others are deltas on the previous revision. The control
 * plane appends a `Change`; the log, the change stream and the edges' IPC carry a `SyncChange`
 * (the same with its revision, entity and commit time).
 */
import type { EdgeDistribution } from './distribution.js'
import type { SnapshotCertificate, SnapshotFunction } from './protocol.js'

/**
 * One key and its value. The one entry shape of change payloads and of the control plane; the
 * snapshot wire keeps `[key, value]` pairs (`SnapshotKeyValueStore.entries`), which only the
 * replica model reads and writes (`replica-model.ts`).
 */
export interface KeyEntry {
  readonly key: string
  readonly value: string
}

/** `kvs.created`: a new store, empty. Creation with an import appends `kvs.imported` later. */
export interface KvsCreatedPayload {
  storeId: string
  name: string
  comment: string
  status: string
  created: string
}

/** `kvs.updated`: settings or status changed; the content did not. */
export interface KvsUpdatedPayload {
  storeId: string
  comment: string
  status: string
  failureReason?: string
}

/** `kvs.deleted`: the store and its keys are gone. */
export interface KvsDeletedPayload {
  storeId: string
  name: string
}

/** `kvs.imported` and `kvs.rolledBack`: the whole content, replacing what was there. */
export interface KvsContentPayload {
  storeId: string
  status: string
  entries: KeyEntry[]
  /** For `kvs.rolledBack`: the revision whose content was restored. */
  toRevision?: number
}

/** `kvs.key.put` */
export interface KvsKeyPutPayload {
  storeId: string
  key: string
  value: string
}

/** `kvs.key.deleted` */
export interface KvsKeyDeletedPayload {
  storeId: string
  key: string
}

/** `kvs.keys.updated` (UpdateKeys): deletes apply first, then puts, in one step. */
export interface KvsKeysUpdatedPayload {
  storeId: string
  puts: KeyEntry[]
  deletes: string[]
}

/** `function.updated` (DEVELOPMENT) and `function.published` (LIVE): the stage as edges run it. */
export type FunctionStagePayload = SnapshotFunction

/** `function.published`: the LIVE stage edges run. */
export type FunctionPublishedPayload = SnapshotFunction

/** `function.deleted` */
export interface FunctionDeletedPayload {
  arn: string
  name: string
}

/** `distribution.put`: created or updated. */
export type DistributionPutPayload = EdgeDistribution

/** `distribution.deleted` */
export interface DistributionDeletedPayload {
  id: string
}

/**
 * `certificate.put`: imported or re-imported. In the control plane's own log `privateKey` is
 * sealed (`v1.…`, AES-256-GCM); the sync API opens it for edges.
 */
export type CertificatePutPayload = SnapshotCertificate

/** `certificate.deleted` */
export interface CertificateDeletedPayload {
  arn: string
}

/** Every change, by kind. */
export type Change =
  | { readonly kind: 'kvs.created'; readonly payload: KvsCreatedPayload }
  | { readonly kind: 'kvs.updated'; readonly payload: KvsUpdatedPayload }
  | { readonly kind: 'kvs.deleted'; readonly payload: KvsDeletedPayload }
  | { readonly kind: 'kvs.imported'; readonly payload: KvsContentPayload }
  | { readonly kind: 'kvs.rolledBack'; readonly payload: KvsContentPayload }
  | { readonly kind: 'kvs.key.put'; readonly payload: KvsKeyPutPayload }
  | { readonly kind: 'kvs.key.deleted'; readonly payload: KvsKeyDeletedPayload }
  | { readonly kind: 'kvs.keys.updated'; readonly payload: KvsKeysUpdatedPayload }
  /** A function's DEVELOPMENT stage changed: edges ignore it. */
  | { readonly kind: 'function.updated'; readonly payload: FunctionStagePayload }
  /** A function's LIVE stage changed (PublishFunction): edges load it. */
  | { readonly kind: 'function.published'; readonly payload: FunctionPublishedPayload }
  | { readonly kind: 'function.deleted'; readonly payload: FunctionDeletedPayload }
  | { readonly kind: 'distribution.put'; readonly payload: DistributionPutPayload }
  | { readonly kind: 'distribution.deleted'; readonly payload: DistributionDeletedPayload }
  | { readonly kind: 'certificate.put'; readonly payload: CertificatePutPayload }
  | { readonly kind: 'certificate.deleted'; readonly payload: CertificateDeletedPayload }

export type ChangeKind = Change['kind']

/** The change of one kind. */
export type ChangeOf<K extends ChangeKind> = Extract<Change, { kind: K }>

/** The kinds by name, for code that lists or filters kinds. */
export const ChangeKind = {
  kvsCreated: 'kvs.created',
  kvsUpdated: 'kvs.updated',
  kvsDeleted: 'kvs.deleted',
  kvsImported: 'kvs.imported',
  kvsRolledBack: 'kvs.rolledBack',
  keyPut: 'kvs.key.put',
  keyDeleted: 'kvs.key.deleted',
  keysUpdated: 'kvs.keys.updated',
  functionUpdated: 'function.updated',
  functionPublished: 'function.published',
  functionDeleted: 'function.deleted',
  distributionPut: 'distribution.put',
  distributionDeleted: 'distribution.deleted',
  certificatePut: 'certificate.put',
  certificateDeleted: 'certificate.deleted',
} as const satisfies Record<string, ChangeKind>

/** Kinds that replace a store's whole content (`kvs.created` with none). */
export const KVS_CONTENT_KINDS: readonly ChangeKind[] = [
  ChangeKind.kvsCreated,
  ChangeKind.kvsImported,
  ChangeKind.kvsRolledBack,
]

/** Kinds that change some keys of a store. */
export const KVS_KEY_KINDS: readonly ChangeKind[] = [
  ChangeKind.keyPut,
  ChangeKind.keyDeleted,
  ChangeKind.keysUpdated,
]

/**
 * The entity a change is about, as the log indexes it: a store's Id, a function's name or a
 * distribution's Id, a certificate's ARN.
 */
export function changeEntityId(change: Change): string {
  switch (change.kind) {
    case 'kvs.created':
    case 'kvs.updated':
    case 'kvs.deleted':
    case 'kvs.imported':
    case 'kvs.rolledBack':
    case 'kvs.key.put':
    case 'kvs.key.deleted':
    case 'kvs.keys.updated':
      return change.payload.storeId
    case 'function.updated':
    case 'function.published':
    case 'function.deleted':
      return change.payload.name
    case 'distribution.put':
      return change.payload.Id
    case 'distribution.deleted':
      return change.payload.id
    case 'certificate.put':
    case 'certificate.deleted':
      return change.payload.arn
  }
}

/** One committed change, as the change stream and the edges' IPC carry it (JSON). */
export type SyncChange = Change & {
  readonly revision: number
  readonly entityId: string
  /** ISO 8601 commit time, for lag reporting. */
  readonly committed: string
}
