/**
 * The kinds of change in the control plane's log and their payloads: what an edge needs to
 * apply each one to its replica. Snapshot-like kinds carry a whole store's content; the others
 * are deltas on the previous revision.
 */
import type { EdgeDistribution } from './distribution.js'
import type { SnapshotFunction } from './protocol.js'

export const ChangeKind = {
  kvsCreated: 'kvs.created',
  kvsUpdated: 'kvs.updated',
  kvsDeleted: 'kvs.deleted',
  kvsImported: 'kvs.imported',
  kvsRolledBack: 'kvs.rolledBack',
  keyPut: 'kvs.key.put',
  keyDeleted: 'kvs.key.deleted',
  keysUpdated: 'kvs.keys.updated',
  /** A function's DEVELOPMENT stage changed: edges ignore it. */
  functionUpdated: 'function.updated',
  /** A function's LIVE stage changed (PublishFunction): edges load it. */
  functionPublished: 'function.published',
  functionDeleted: 'function.deleted',
  distributionPut: 'distribution.put',
  distributionDeleted: 'distribution.deleted',
} as const

export type ChangeKind = (typeof ChangeKind)[keyof typeof ChangeKind]

export interface KeyEntryPayload {
  key: string
  value: string
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
  entries: KeyEntryPayload[]
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
  puts: KeyEntryPayload[]
  deletes: string[]
}

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
