import type Database from 'better-sqlite3'
import type { SyncChange } from '../../sync/index.js'
import { keyEdits } from '../../sync/index.js'

/**
 * One change written into the replica's live tables, with the same meaning as the `sync/`
 * reducer (`applyChange`) gives it on a plain `ReplicaState`: a change for a store the replica
 * never saw creates it, UpdateKeys deletes before it puts, a store's `lastModified` moves only
 * when its content changed, kinds an edge does not need write nothing. The caller runs it in a
 * transaction that also records the revision.
 */
export class ReplicaWrites {
  readonly #ensureStore: Database.Statement
  readonly #putStore: Database.Statement
  readonly #deleteStore: Database.Statement
  readonly #touchStore: Database.Statement
  readonly #putEntry: Database.Statement
  readonly #deleteEntry: Database.Statement
  readonly #clearEntries: Database.Statement
  readonly #putFunction: Database.Statement
  readonly #deleteFunction: Database.Statement
  readonly #putDistribution: Database.Statement
  readonly #deleteDistribution: Database.Statement
  readonly #putCertificate: Database.Statement
  readonly #deleteCertificate: Database.Statement

  constructor(db: Database.Database) {
    this.#ensureStore = db.prepare(
      'INSERT INTO stores (id, name, created, last_modified) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    )
    this.#putStore = db.prepare(
      'INSERT INTO stores (id, name, created, last_modified) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name',
    )
    this.#deleteStore = db.prepare('DELETE FROM stores WHERE id = ?')
    this.#touchStore = db.prepare('UPDATE stores SET last_modified = ? WHERE id = ?')
    this.#putEntry = db.prepare(
      'INSERT INTO entries (store_id, key, value) VALUES (?, ?, ?) ON CONFLICT (store_id, key) DO UPDATE SET value = excluded.value',
    )
    this.#deleteEntry = db.prepare('DELETE FROM entries WHERE store_id = ? AND key = ?')
    this.#clearEntries = db.prepare('DELETE FROM entries WHERE store_id = ?')
    this.#putFunction = db.prepare('INSERT OR REPLACE INTO functions (arn, definition) VALUES (?, ?)')
    this.#deleteFunction = db.prepare('DELETE FROM functions WHERE arn = ?')
    this.#putDistribution = db.prepare('INSERT OR REPLACE INTO distributions (id, definition) VALUES (?, ?)')
    this.#deleteDistribution = db.prepare('DELETE FROM distributions WHERE id = ?')
    this.#putCertificate = db.prepare('INSERT OR REPLACE INTO certificates (arn, definition) VALUES (?, ?)')
    this.#deleteCertificate = db.prepare('DELETE FROM certificates WHERE arn = ?')
  }

  apply(change: SyncChange): void {
    const at = change.committed
    switch (change.kind) {
      case 'kvs.created': {
        const { storeId, name, created } = change.payload
        this.#putStore.run(storeId, name, created, created)
        return
      }
      case 'kvs.deleted':
        this.#clearEntries.run(change.payload.storeId)
        this.#deleteStore.run(change.payload.storeId)
        return
      case 'kvs.imported':
      case 'kvs.rolledBack': {
        const { storeId, entries } = change.payload
        this.#ensureStore.run(storeId, storeId, at, at)
        this.#clearEntries.run(storeId)
        for (const { key, value } of entries) this.#putEntry.run(storeId, key, value)
        this.#touchStore.run(at, storeId)
        return
      }
      case 'kvs.key.put':
      case 'kvs.key.deleted':
      case 'kvs.keys.updated': {
        const { storeId } = change.payload
        this.#ensureStore.run(storeId, storeId, at, at)
        const { deletes, puts } = keyEdits(change)
        let changed = puts.length > 0
        for (const key of deletes) if (this.#deleteEntry.run(storeId, key).changes > 0) changed = true
        for (const { key, value } of puts) this.#putEntry.run(storeId, key, value)
        if (changed) this.#touchStore.run(at, storeId)
        return
      }
      case 'function.published': {
        const definition = change.payload
        this.#putFunction.run(definition.arn, JSON.stringify(definition))
        if (definition.keyValueStoreId !== undefined)
          this.#ensureStore.run(definition.keyValueStoreId, definition.keyValueStoreId, at, at)
        return
      }
      case 'function.deleted':
        this.#deleteFunction.run(change.payload.arn)
        return
      case 'distribution.put':
        this.#putDistribution.run(change.payload.Id, JSON.stringify(change.payload))
        return
      case 'distribution.deleted':
        this.#deleteDistribution.run(change.payload.id)
        return
      case 'certificate.put':
        this.#putCertificate.run(change.payload.arn, JSON.stringify(change.payload))
        return
      case 'certificate.deleted':
        this.#deleteCertificate.run(change.payload.arn)
        return
      default:
        // `kvs.updated`, `function.updated` and kinds from a newer control plane: nothing here.
        return
    }
  }
}
