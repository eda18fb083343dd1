import Database from 'better-sqlite3'
import type { KeyValueStoreMeta, KeyValueStoreReader } from '../../kvs/index.js'
import { type StoreFacts, type StoreSource, storeMeta } from './store-source.js'

/**
 * A process's read-only view of the edge's replica database (`edge-replica.sqlite`): what its
 * functions read keys through, so that the stores are held once per machine, by SQLite's file,
 * and not in every worker's heap. Point reads by primary key, through prepared statements.
 *
 * Reads are pinned per event-loop turn: the first read of a turn opens a read transaction and
 * the turn's end closes it, so every read a function makes in one invocation sees one revision
 * (an UpdateKeys committed meanwhile is seen whole by the next turn, never half). The writer
 * commits without waiting for readers (WAL), and every process sees a commit from its next turn
 * on: all the edge's workers switch to a revision at the same moment.
 */
export class ReplicaReader implements StoreSource {
  readonly #db: Database.Database
  readonly #begin: Database.Statement
  readonly #end: Database.Statement
  readonly #get: Database.Statement
  readonly #store: Database.Statement
  readonly #count: Database.Statement
  readonly #readers = new Map<string, KeyValueStoreReader>()
  #released = true
  readonly #release = () => {
    this.#released = true
    if (this.#db.open && this.#db.inTransaction) this.#end.run()
  }

  constructor(file: string) {
    this.#db = new Database(file, { readonly: true, fileMustExist: true })
    this.#begin = this.#db.prepare('BEGIN')
    this.#end = this.#db.prepare('COMMIT')
    this.#get = this.#db.prepare('SELECT value FROM entries WHERE store_id = ? AND key = ?').pluck()
    this.#store = this.#db.prepare('SELECT created, last_modified FROM stores WHERE id = ?')
    this.#count = this.#db.prepare('SELECT count(*) FROM entries WHERE store_id = ?').pluck()
  }

  has(id: string): boolean {
    this.#pin()
    return this.#store.get(id) !== undefined
  }

  reader(id: string): KeyValueStoreReader {
    let reader = this.#readers.get(id)
    if (reader === undefined) {
      reader = new ReplicaStoreReader(this, id)
      this.#readers.set(id, reader)
    }
    return reader
  }

  /** The value of `key` in store `storeId`, at this turn's revision. */
  get(storeId: string, key: string): string | undefined {
    this.#pin()
    return this.#get.get(storeId, key) as string | undefined
  }

  /** The store's times and key count, or undefined if the replica does not hold it. */
  storeFacts(storeId: string): StoreFacts | undefined {
    this.#pin()
    const row = this.#store.get(storeId) as { created: string; last_modified: string } | undefined
    if (row === undefined) return undefined
    return {
      created: row.created,
      lastModified: row.last_modified,
      keyCount: this.#count.get(storeId) as number,
    }
  }

  close(): void {
    if (!this.#db.open) return
    if (this.#db.inTransaction) this.#end.run()
    this.#db.close()
  }

  #pin(): void {
    if (!this.#released) return
    this.#released = false
    if (!this.#db.inTransaction) this.#begin.run()
    setImmediate(this.#release)
  }
}

class ReplicaStoreReader implements KeyValueStoreReader {
  readonly id: string
  readonly #replica: ReplicaReader
  // For a store the replica does not hold (yet): when the reader was made.
  readonly #since = new Date().toISOString()

  constructor(replica: ReplicaReader, id: string) {
    this.#replica = replica
    this.id = id
  }

  get(key: string): string | undefined {
    return this.#replica.get(this.id, key)
  }

  meta(): KeyValueStoreMeta {
    return storeMeta(this.#replica.storeFacts(this.id), this.#since)
  }
}
