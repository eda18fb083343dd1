import type { KvsLimits } from '../../../kvs/index.js'
import { parseImportFile } from '../../../kvs/index.js'
import { ChangeKind } from '../../../sync/index.js'
import type { ImportSourceLocation, ImportSourceReader } from '../../import/import-source.js'
import type { StateStore, StateTransaction } from '../../state/state-store.js'
import { replaceContent } from './store-content.js'

/**
 * The largest import file read, in bytes. The content limit (keys and values) is what
 * counts; the file may be larger by its JSON syntax, so allow twice the content plus 1 MiB.
 */
export function maxImportFileBytes(limits: KvsLimits): number {
  return limits.maxStoreBytes * 2 + 1024 * 1024
}

/** Marks a store IMPORT_FAILURE with `reason`, as one revision (inside `tx`). */
export async function failImport(
  tx: StateTransaction,
  storeId: string,
  reason: string,
  now: Date,
): Promise<void> {
  const store = await tx.getKeyValueStore({ id: storeId })
  if (store === undefined || store.status !== 'PROVISIONING') return
  await tx.deleteAllKeys(storeId)
  await tx.updateKeyValueStore(storeId, {
    status: 'IMPORT_FAILURE',
    failureReason: reason,
    itemCount: 0,
    totalSizeInBytes: 0,
    lastModified: now,
  })
  await tx.appendChange({
    kind: ChangeKind.kvsUpdated,
    payload: { storeId, comment: store.comment, status: 'IMPORT_FAILURE', failureReason: reason },
  })
}

/**
 * Background imports of stores created with an ImportSource: PROVISIONING → READY with every
 * key in one revision, or IMPORT_FAILURE with a precise FailureReason and no key stored.
 */
export class ImportJobs {
  readonly #running = new Set<Promise<void>>()
  readonly #state: StateStore
  readonly #read: ImportSourceReader
  readonly #limits: KvsLimits
  readonly #clock: () => Date

  constructor(state: StateStore, read: ImportSourceReader, limits: KvsLimits, clock: () => Date) {
    this.#state = state
    this.#read = read
    this.#limits = limits
    this.#clock = clock
  }

  start(storeId: string, location: ImportSourceLocation): void {
    const job = this.#run(storeId, location).finally(() => this.#running.delete(job))
    this.#running.add(job)
  }

  /** Resolves when every running import has ended. */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running])
  }

  async #run(storeId: string, location: ImportSourceLocation): Promise<void> {
    try {
      const bytes = await this.#read(location, maxImportFileBytes(this.#limits))
      const entries = parseImportFile(bytes, this.#limits)
      await this.#state.transaction(async (tx) => {
        const store = await tx.getKeyValueStore({ id: storeId })
        // Deleted meanwhile, or already failed: nothing to do.
        if (store === undefined || store.status !== 'PROVISIONING') return
        await replaceContent(
          tx,
          store,
          entries,
          { kind: ChangeKind.kvsImported },
          this.#limits,
          this.#clock(),
        )
      })
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      try {
        await this.#state.transaction((tx) => failImport(tx, storeId, reason, this.#clock()))
      } catch {
        // The state store is closing; the store stays PROVISIONING and the next start marks it.
      }
    }
  }
}
