import type { KeyValueStoreRecord, KeyValueStoreStatus } from '../../state/state-store.js'
import { keyValueStoreArn } from '../shared/arn.js'

/** A key value store as the services return it: CloudFront's `KeyValueStore` and more. */
export interface KeyValueStoreView {
  name: string
  id: string
  comment: string
  arn: string
  status: KeyValueStoreStatus
  /** Only for IMPORT_FAILURE (the control-plane XML has no such member). */
  failureReason?: string
  created: Date
  lastModifiedTime: Date
  /** The control-plane ETag (UpdateKeyValueStore, DeleteKeyValueStore). */
  etag: string
  /** The data-plane ETag (PutKey, DeleteKey, UpdateKeys); a different value (docs/compatibility.md). */
  dataEtag: string
  itemCount: number
  totalSizeInBytes: number
}

export function toView(accountId: string, store: KeyValueStoreRecord): KeyValueStoreView {
  return {
    name: store.name,
    id: store.id,
    comment: store.comment,
    arn: keyValueStoreArn(accountId, store.id),
    status: store.status,
    ...(store.failureReason === undefined ? {} : { failureReason: store.failureReason }),
    created: store.created,
    lastModifiedTime: store.lastModified,
    etag: store.etag,
    dataEtag: store.dataEtag,
    itemCount: store.itemCount,
    totalSizeInBytes: store.totalSizeInBytes,
  }
}
