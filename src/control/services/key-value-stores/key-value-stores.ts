import { DEFAULT_KVS_LIMITS, formatExportFile, type KvsLimits, parseImportFile } from '../../../kvs/index.js'
import { ChangeKind } from '../../../sync/index.js'
import { ControlError } from '../../errors.js'
import {
  type ImportSourceCheck,
  ImportSourceError,
  type ImportSourceLocation,
  type ImportSourceReader,
  parseImportSource,
} from '../../import/import-source.js'
import type {
  KeyValueStoreRecord,
  KeyValueStoreStatus,
  StateStore,
  StateTransaction,
} from '../../state/state-store.js'
import { newControlEtag, newDataEtag, newKeyValueStoreId } from '../shared/ids.js'
import { pageSize, toPage } from '../shared/page.js'
import { type KeyValueStoreView, toView } from './key-value-store-view.js'
import {
  checkComment,
  checkContentWrite,
  checkControlIfMatch,
  checkName,
  contentResult,
} from './kvs-checks.js'
import { type KeyValueStoreRevision, type ListRevisionsOptions, listRevisions } from './kvs-history.js'
import { failImport, ImportJobs, maxImportFileBytes } from './kvs-import-jobs.js'
import { contentAtRevision, replaceContent, toControlError } from './store-content.js'

export type { KeyValueStoreView } from './key-value-store-view.js'
export type { KeyValueStoreRevision, ListRevisionsOptions } from './kvs-history.js'

/** CloudFront's default quota of key value stores per account ('Quotas on key value stores'). */
export const DEFAULT_MAX_KEY_VALUE_STORES = 50

/** The values of a key value store's `Status` (CloudFront API Reference, KeyValueStore). */
const KEY_VALUE_STORE_STATUSES: readonly KeyValueStoreStatus[] = ['PROVISIONING', 'READY', 'IMPORT_FAILURE']

export interface KeyValueStoreServiceOptions {
  state: StateStore
  accountId: string
  readImportSource: ImportSourceReader
  /** Refuses a source before anything is created or read (a local path outside the import directory). */
  checkImportSource?: ImportSourceCheck
  limits?: KvsLimits
  maxKeyValueStores?: number
  clock?: () => Date
}

export interface CreateKeyValueStoreInput {
  name: string
  comment?: string
  /** CloudFront's ImportSource; `sourceArn` may also be s3://, http(s)://, file: or a path. */
  importSource?: { sourceType?: string; sourceArn: string }
}

/** Where an import into an existing store comes from: a source, or the file's bytes. */
export type ImportInput = { source: string; ifMatch?: string } | { bytes: Uint8Array; ifMatch?: string }

export interface ContentChangeResult {
  /** The new data-plane ETag. */
  etag: string
  revision: number
  itemCount: number
  totalSizeInBytes: number
}

/** Key value stores: CloudFront's control-plane operations plus import, export, history and rollback. */
export interface KeyValueStoreService {
  createKeyValueStore(input: CreateKeyValueStoreInput): Promise<KeyValueStoreView>
  describeKeyValueStore(name: string): Promise<KeyValueStoreView>
  /**
   * Sorted by name; `marker` is the previous page's `nextMarker`; MaxItems 1–100, default 100;
   * `status` is a KeyValueStore `Status` (anything else is InvalidArgument).
   */
  listKeyValueStores(options?: { marker?: string; maxItems?: number; status?: string }): Promise<{
    items: KeyValueStoreView[]
    nextMarker?: string
  }>
  updateKeyValueStore(
    name: string,
    input: { comment: string; ifMatch: string | undefined },
  ): Promise<KeyValueStoreView>
  deleteKeyValueStore(name: string, input: { ifMatch: string | undefined }): Promise<void>
  /** Replaces the whole content of an existing store, atomically, as one revision. */
  importKeyValueStore(name: string, input: ImportInput): Promise<ContentChangeResult>
  /** The content as an import file, now or at an earlier revision. */
  exportKeyValueStore(name: string, options?: { revision?: number }): Promise<string>
  listRevisions(
    name: string,
    options?: ListRevisionsOptions,
  ): Promise<{ revisions: KeyValueStoreRevision[]; nextMarker?: number }>
  /** Restores the content the store had at `revision`, as one new revision. */
  rollbackKeyValueStore(
    name: string,
    input: { revision: number; ifMatch?: string },
  ): Promise<ContentChangeResult>
  /** Marks stores left PROVISIONING by a previous process IMPORT_FAILURE; call once at start. */
  failInterruptedImports(): Promise<number>
  /** Resolves when every background import has ended. */
  importsSettled(): Promise<void>
}

export function createKeyValueStoreService(options: KeyValueStoreServiceOptions): KeyValueStoreService {
  const { state, accountId } = options
  const limits = options.limits ?? DEFAULT_KVS_LIMITS
  const clock = options.clock ?? (() => new Date())
  const maxStores = options.maxKeyValueStores ?? DEFAULT_MAX_KEY_VALUE_STORES
  const jobs = new ImportJobs(state, options.readImportSource, limits, clock)
  const view = (store: KeyValueStoreRecord) => toView(accountId, store)

  /** Parses and checks a source: a refused one is InvalidArgument, and nothing changes. */
  function importLocation(source: string): ImportSourceLocation {
    const location = parseImportSource(source)
    try {
      options.checkImportSource?.(location)
    } catch (error) {
      if (error instanceof ImportSourceError)
        throw new ControlError('InvalidArgument', error.message, { cause: error })
      throw error
    }
    return location
  }

  async function find(
    reader: Pick<StateTransaction, 'getKeyValueStore'>,
    name: string,
  ): Promise<KeyValueStoreRecord> {
    const store = await reader.getKeyValueStore({ name })
    if (store === undefined)
      throw new ControlError('EntityNotFound', `The key value store ${name} does not exist.`)
    return store
  }

  return {
    async createKeyValueStore(input) {
      checkName(input.name)
      const comment = checkComment(input.comment ?? '')
      const location =
        input.importSource === undefined ? undefined : importLocation(input.importSource.sourceArn)
      const now = clock()
      const record: KeyValueStoreRecord = {
        id: newKeyValueStoreId(),
        name: input.name,
        comment,
        // Nothing to provision without an import: READY at once (waiters see READY directly).
        status: location === undefined ? 'READY' : 'PROVISIONING',
        created: now,
        lastModified: now,
        etag: newControlEtag(),
        dataEtag: newDataEtag(),
        itemCount: 0,
        totalSizeInBytes: 0,
      }
      await state.transaction(async (tx) => {
        if ((await tx.getKeyValueStore({ name: input.name })) !== undefined) {
          throw new ControlError(
            'EntityAlreadyExists',
            `A key value store named ${input.name} already exists.`,
          )
        }
        if ((await tx.countKeyValueStores()) >= maxStores) {
          throw new ControlError(
            'EntityLimitExceeded',
            `This account already has ${maxStores} key value stores.`,
          )
        }
        await tx.insertKeyValueStore(record)
        await tx.appendChange({
          kind: ChangeKind.kvsCreated,
          payload: {
            storeId: record.id,
            name: record.name,
            comment,
            status: record.status,
            created: now.toISOString(),
          },
        })
      })
      if (location !== undefined) jobs.start(record.id, location)
      return view(record)
    },

    async describeKeyValueStore(name) {
      return view(await find(state, name))
    },

    async listKeyValueStores(listOptions = {}) {
      const { maxItems, limit } = pageSize(listOptions.maxItems)
      const status = listOptions.status
      if (status !== undefined && !(KEY_VALUE_STORE_STATUSES as readonly string[]).includes(status)) {
        throw new ControlError(
          'InvalidArgument',
          `Status must be one of ${KEY_VALUE_STORE_STATUSES.join(', ')}, not ${JSON.stringify(status)}.`,
        )
      }
      const rows = await state.listKeyValueStores({
        limit,
        ...(listOptions.marker ? { afterName: listOptions.marker } : {}),
        ...(status === undefined ? {} : { status: status as KeyValueStoreStatus }),
      })
      return toPage(rows, maxItems, (r) => r.name, view)
    },

    async updateKeyValueStore(name, input) {
      checkComment(input.comment)
      return state.transaction(async (tx) => {
        const store = await find(tx, name)
        checkControlIfMatch(store, input.ifMatch)
        const updated: KeyValueStoreRecord = {
          ...store,
          comment: input.comment,
          etag: newControlEtag(),
          lastModified: clock(),
        }
        await tx.updateKeyValueStore(store.id, {
          comment: updated.comment,
          etag: updated.etag,
          lastModified: updated.lastModified,
        })
        await tx.appendChange({
          kind: ChangeKind.kvsUpdated,
          payload: {
            storeId: store.id,
            comment: updated.comment,
            status: store.status,
            ...(store.failureReason === undefined ? {} : { failureReason: store.failureReason }),
          },
        })
        return view(updated)
      })
    },

    async deleteKeyValueStore(name, input) {
      await state.transaction(async (tx) => {
        const store = await find(tx, name)
        checkControlIfMatch(store, input.ifMatch)
        // Read in the transaction: a function associated meanwhile is a conflict, not missed.
        if ((await tx.listFunctionsUsingKeyValueStore(store.id)).length > 0) {
          throw new ControlError(
            'CannotDeleteEntityWhileInUse',
            `The key value store ${name} is associated with a function.`,
          )
        }
        await tx.deleteKeyValueStore(store.id)
        await tx.appendChange({
          kind: ChangeKind.kvsDeleted,
          payload: { storeId: store.id, name: store.name },
        })
      })
    },

    async importKeyValueStore(name, input) {
      // Read and check the file before taking the write lock.
      const bytes =
        'bytes' in input
          ? input.bytes
          : await options
              .readImportSource(importLocation(input.source), maxImportFileBytes(limits))
              .catch((e) => {
                throw new ControlError('InvalidArgument', (e as Error).message, { cause: e })
              })
      let entries: ReturnType<typeof parseImportFile>
      try {
        entries = parseImportFile(bytes, limits)
      } catch (error) {
        throw toControlError(error)
      }
      return state.transaction(async (tx) => {
        const store = await find(tx, name)
        checkContentWrite(store, input.ifMatch)
        return contentResult(
          await replaceContent(tx, store, entries, { kind: ChangeKind.kvsImported }, limits, clock()),
        )
      })
    },

    async exportKeyValueStore(name, exportOptions = {}) {
      const store = await find(state, name)
      const revision = exportOptions.revision
      if (revision !== undefined) {
        // A revision not yet committed has no content to show (as for a rollback).
        if (!Number.isInteger(revision) || revision < 1) {
          throw new ControlError('InvalidArgument', 'The revision must be a positive integer.')
        }
        if (revision > (await state.latestRevision())) {
          throw new ControlError('InvalidArgument', `Revision ${revision} does not exist yet.`)
        }
        return formatExportFile(await contentAtRevision(state, store.id, revision))
      }
      return formatExportFile(await state.listKeys(store.id, {}))
    },

    async listRevisions(name, listOptions) {
      return listRevisions(state, await find(state, name), listOptions)
    },

    async rollbackKeyValueStore(name, input) {
      if (!Number.isInteger(input.revision) || input.revision < 1) {
        throw new ControlError('InvalidArgument', 'The revision must be a positive integer.')
      }
      return state.transaction(async (tx) => {
        const store = await find(tx, name)
        checkContentWrite(store, input.ifMatch)
        if (input.revision > (await tx.latestRevision())) {
          throw new ControlError('InvalidArgument', `Revision ${input.revision} does not exist yet.`)
        }
        const entries = await contentAtRevision(tx, store.id, input.revision)
        const change = { kind: ChangeKind.kvsRolledBack, toRevision: input.revision }
        return contentResult(await replaceContent(tx, store, entries, change, limits, clock()))
      })
    },

    async failInterruptedImports() {
      return state.transaction(async (tx) => {
        const stuck = await tx.listKeyValueStores({ limit: 1_000_000, status: 'PROVISIONING' })
        for (const store of stuck) {
          await failImport(
            tx,
            store.id,
            'The import was interrupted by a restart of the control plane.',
            clock(),
          )
        }
        return stuck.length
      })
    },

    importsSettled: () => jobs.settled(),
  }
}
