import {
  DEFAULT_KVS_LIMITS,
  DEFAULT_LIST_KEYS_RESULTS,
  entryBytes,
  type KvsLimits,
  MAX_LIST_KEYS_RESULTS,
  MAX_UPDATE_KEYS_PAYLOAD_BYTES,
} from '../../../kvs/index.js'
import { ChangeKind } from '../../../sync/index.js'
import { ControlError } from '../../errors.js'
import type { KeyEntry, KeyValueStoreRecord, StateStore, StateTransaction } from '../../state/state-store.js'
import { keyValueStoreArn, parseKeyValueStoreArn } from '../shared/arn.js'
import { validateEntries, writeKeys } from './store-content.js'

export interface KeyServiceOptions {
  state: StateStore
  /** The 12-digit account in every ARN this control plane issues. */
  accountId: string
  limits?: KvsLimits
  clock?: () => Date
}

/** The data-plane DescribeKeyValueStore (KeyValueStore API Reference). */
export interface KeyValueStoreDataDescription {
  kvsArn: string
  itemCount: number
  totalSizeInBytes: number
  created: Date
  lastModified: Date
  status: string
  failureReason?: string
  /** The data-plane ETag. */
  etag: string
}

/** What PutKey, DeleteKey and UpdateKeys return. */
export interface KeyWriteResult {
  itemCount: number
  totalSizeInBytes: number
  /** The store's new data-plane ETag. */
  etag: string
  /** The change-log revision of the write (absent when nothing changed). */
  revision?: number
}

export interface UpdateKeysInput {
  puts?: readonly KeyEntry[]
  deletes?: readonly string[]
  ifMatch: string | undefined
}

/** The KeyValueStore data plane: keys of READY stores, addressed by ARN. */
export interface KeyService {
  describeKeyValueStore(kvsArn: string): Promise<KeyValueStoreDataDescription>
  getKey(kvsArn: string, key: string): Promise<KeyEntry & { itemCount: number; totalSizeInBytes: number }>
  listKeys(
    kvsArn: string,
    options?: { nextToken?: string; maxResults?: number },
  ): Promise<{ items: KeyEntry[]; nextToken?: string }>
  putKey(
    kvsArn: string,
    input: { key: string; value: string; ifMatch: string | undefined },
  ): Promise<KeyWriteResult>
  deleteKey(kvsArn: string, input: { key: string; ifMatch: string | undefined }): Promise<KeyWriteResult>
  updateKeys(kvsArn: string, input: UpdateKeysInput): Promise<KeyWriteResult>
}

// ListKeys' NextToken: opaque to clients, the last key returned, encoded.
const TOKEN_PREFIX = 'k1:'

function encodeNextToken(lastKey: string): string {
  return Buffer.from(TOKEN_PREFIX + lastKey, 'utf8').toString('base64url')
}

function decodeNextToken(token: string): string {
  const text = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : ''
  if (!text.startsWith(TOKEN_PREFIX)) throw new ControlError('InvalidArgument', 'NextToken is not valid.')
  return text.slice(TOKEN_PREFIX.length)
}

export function createKeyService(options: KeyServiceOptions): KeyService {
  const { state, accountId } = options
  const limits = options.limits ?? DEFAULT_KVS_LIMITS
  const clock = options.clock ?? (() => new Date())

  function storeIdOf(kvsArn: string): string {
    const parsed = parseKeyValueStoreArn(kvsArn)
    if (parsed === undefined)
      throw new ControlError('InvalidArgument', `${kvsArn} is not a key value store ARN.`)
    if (parsed.accountId !== accountId) throw notFound(kvsArn)
    return parsed.id
  }

  function notFound(kvsArn: string): ControlError {
    return new ControlError('EntityNotFound', `The key value store ${kvsArn} does not exist.`)
  }

  function ready(store: KeyValueStoreRecord | undefined, kvsArn: string): KeyValueStoreRecord {
    if (store === undefined) throw notFound(kvsArn)
    if (store.status !== 'READY') {
      // A store that is not READY answers 409 on the data plane (docs/compatibility.md).
      throw new ControlError('ResourceNotReady', `The key value store is ${store.status}, not READY.`)
    }
    return store
  }

  async function readyStore(kvsArn: string): Promise<KeyValueStoreRecord> {
    return ready(await state.getKeyValueStore({ id: storeIdOf(kvsArn) }), kvsArn)
  }

  function requireIfMatch(ifMatch: string | undefined): string {
    if (ifMatch === undefined || ifMatch === '') {
      throw new ControlError(
        'InvalidIfMatchVersion',
        'The If-Match header is required: send the ETag of the key value store.',
      )
    }
    return ifMatch
  }

  /** Runs a write under the store's ETag: stale If-Match → PreconditionFailed, nothing written. */
  async function conditionalWrite(
    kvsArn: string,
    ifMatch: string,
    write: (tx: StateTransaction, store: KeyValueStoreRecord) => Promise<KeyWriteResult>,
  ): Promise<KeyWriteResult> {
    const id = storeIdOf(kvsArn)
    return state.transaction(async (tx) => {
      const store = ready(await tx.getKeyValueStore({ id }), kvsArn)
      if (store.dataEtag !== ifMatch) {
        throw new ControlError(
          'PreconditionFailed',
          'The If-Match ETag is not the current ETag of the key value store.',
        )
      }
      return write(tx, store)
    })
  }

  async function written(
    tx: StateTransaction,
    store: KeyValueStoreRecord,
    change: Parameters<typeof writeKeys>[2],
  ): Promise<KeyWriteResult> {
    const result = await writeKeys(tx, store, change, limits, clock())
    return {
      itemCount: result.store.itemCount,
      totalSizeInBytes: result.store.totalSizeInBytes,
      etag: result.store.dataEtag,
      revision: result.revision,
    }
  }

  return {
    async describeKeyValueStore(kvsArn) {
      const store = await state.getKeyValueStore({ id: storeIdOf(kvsArn) })
      if (store === undefined) throw notFound(kvsArn)
      // PROVISIONING answers 409 until the import ends; IMPORT_FAILURE is described with its
      // FailureReason (docs/compatibility.md).
      if (store.status === 'PROVISIONING')
        throw new ControlError('ResourceNotReady', 'The key value store is PROVISIONING.')
      return {
        kvsArn: keyValueStoreArn(accountId, store.id),
        itemCount: store.itemCount,
        totalSizeInBytes: store.totalSizeInBytes,
        created: store.created,
        lastModified: store.lastModified,
        status: store.status,
        ...(store.failureReason === undefined ? {} : { failureReason: store.failureReason }),
        etag: store.dataEtag,
      }
    },

    async getKey(kvsArn, key) {
      const store = await readyStore(kvsArn)
      const value = await state.getKey(store.id, key)
      if (value === undefined)
        throw new ControlError('EntityNotFound', `The key ${JSON.stringify(key)} does not exist.`)
      return { key, value, itemCount: store.itemCount, totalSizeInBytes: store.totalSizeInBytes }
    },

    async listKeys(kvsArn, options = {}) {
      const maxResults = options.maxResults ?? DEFAULT_LIST_KEYS_RESULTS
      if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_LIST_KEYS_RESULTS) {
        throw new ControlError(
          'InvalidArgument',
          `MaxResults must be an integer from 1 to ${MAX_LIST_KEYS_RESULTS}.`,
        )
      }
      const after =
        options.nextToken === undefined || options.nextToken === ''
          ? undefined
          : decodeNextToken(options.nextToken)
      const store = await readyStore(kvsArn)
      // One extra row tells whether another page follows; the last page has no NextToken.
      const rows = await state.listKeys(store.id, {
        ...(after === undefined ? {} : { after }),
        limit: maxResults + 1,
      })
      const items = rows.slice(0, maxResults)
      const last = items[items.length - 1]
      return rows.length > maxResults && last !== undefined
        ? { items, nextToken: encodeNextToken(last.key) }
        : { items }
    },

    async putKey(kvsArn, input) {
      const ifMatch = requireIfMatch(input.ifMatch)
      validateEntries([{ key: input.key, value: input.value }], [], limits)
      return conditionalWrite(kvsArn, ifMatch, (tx, store) =>
        written(tx, store, {
          kind: ChangeKind.keyPut,
          payload: { storeId: store.id, key: input.key, value: input.value },
        }),
      )
    },

    async deleteKey(kvsArn, input) {
      const ifMatch = requireIfMatch(input.ifMatch)
      validateEntries([], [input.key], limits)
      return conditionalWrite(kvsArn, ifMatch, async (tx, store) => {
        if ((await tx.getKey(store.id, input.key)) === undefined) {
          throw new ControlError('EntityNotFound', `The key ${JSON.stringify(input.key)} does not exist.`)
        }
        return written(tx, store, {
          kind: ChangeKind.keyDeleted,
          payload: { storeId: store.id, key: input.key },
        })
      })
    },

    async updateKeys(kvsArn, input) {
      const ifMatch = requireIfMatch(input.ifMatch)
      const puts = (input.puts ?? []).map(({ key, value }) => ({ key, value }))
      const deletes = [...(input.deletes ?? [])]
      if (puts.length + deletes.length > limits.maxUpdateKeysEntries) {
        throw new ControlError(
          'EntityLimitExceeded',
          `UpdateKeys takes at most ${limits.maxUpdateKeysEntries} keys; this request has ${puts.length + deletes.length}.`,
        )
      }
      validateEntries(puts, deletes, limits)
      let payloadBytes = 0
      const seen = new Set<string>()
      for (const key of [...puts.map((p) => p.key), ...deletes]) {
        // Puts and Deletes are @uniqueItems, and one key in both would be ambiguous.
        if (seen.has(key))
          throw new ControlError('InvalidArgument', `The key ${JSON.stringify(key)} appears more than once.`)
        seen.add(key)
      }
      for (const { key, value } of puts) payloadBytes += entryBytes(key, value)
      if (payloadBytes > MAX_UPDATE_KEYS_PAYLOAD_BYTES) {
        throw new ControlError(
          'EntityLimitExceeded',
          `UpdateKeys takes at most ${MAX_UPDATE_KEYS_PAYLOAD_BYTES} bytes.`,
        )
      }
      return conditionalWrite(kvsArn, ifMatch, async (tx, store) => {
        if (puts.length === 0 && deletes.length === 0) {
          // An empty batch changes nothing: no revision, and the ETag stays.
          return {
            itemCount: store.itemCount,
            totalSizeInBytes: store.totalSizeInBytes,
            etag: store.dataEtag,
          }
        }
        return written(tx, store, {
          kind: ChangeKind.keysUpdated,
          payload: { storeId: store.id, puts, deletes },
        })
      })
    },
  }
}
