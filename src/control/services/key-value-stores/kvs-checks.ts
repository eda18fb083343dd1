import { ControlError } from '../../errors.js'
import type { KeyValueStoreRecord } from '../../state/state-store.js'

const NAME = /^[a-zA-Z0-9_-]{1,64}$/
const MAX_COMMENT_LENGTH = 128

/** `Name`: `[a-zA-Z0-9-_]{1,64}` (CloudFront API Reference, CreateKeyValueStore). */
export function checkName(name: string): void {
  if (!NAME.test(name)) throw new ControlError('InvalidArgument', 'Name must match [a-zA-Z0-9-_]{1,64}.')
}

/** `Comment`: at most 128 characters. */
export function checkComment(comment: string): string {
  if (comment.length > MAX_COMMENT_LENGTH) {
    throw new ControlError('InvalidArgument', `Comment must be at most ${MAX_COMMENT_LENGTH} characters.`)
  }
  return comment
}

/** Control-plane writes need the control ETag: missing → InvalidIfMatchVersion, stale → PreconditionFailed. */
export function checkControlIfMatch(store: KeyValueStoreRecord, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch === '') {
    throw new ControlError(
      'InvalidIfMatchVersion',
      'The If-Match version is missing or not valid for the resource.',
    )
  }
  if (ifMatch !== store.etag)
    throw new ControlError('PreconditionFailed', 'The If-Match ETag is not the current one.')
}

/** Whole-content writes (import, rollback): an optional data ETag; never while PROVISIONING. */
export function checkContentWrite(store: KeyValueStoreRecord, ifMatch: string | undefined): void {
  if (store.status === 'PROVISIONING')
    throw new ControlError('ResourceNotReady', 'The key value store is PROVISIONING.')
  if (ifMatch !== undefined && ifMatch !== store.dataEtag) {
    throw new ControlError(
      'PreconditionFailed',
      'The If-Match ETag is not the current data ETag of the key value store.',
    )
  }
}

/** What an import or rollback returns. */
export function contentResult(result: { store: KeyValueStoreRecord; revision: number }): {
  etag: string
  revision: number
  itemCount: number
  totalSizeInBytes: number
} {
  const { store, revision } = result
  return {
    etag: store.dataEtag,
    revision,
    itemCount: store.itemCount,
    totalSizeInBytes: store.totalSizeInBytes,
  }
}
