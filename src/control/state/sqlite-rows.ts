import type Database from 'better-sqlite3'
import { type ChangeRow, type StoreRow, toChangeRecord, toStoreRecord } from './record-rows.js'
import { SqliteResourceReader } from './sqlite-resource-rows.js'
import type {
  ChangeRecord,
  DistributionRecord,
  DistributionRef,
  FunctionRecord,
  KeyEntry,
  KeyValueStoreRecord,
  KeyValueStoreRef,
  KeyValueStoreStatus,
  ListChangesOptions,
  StateReader,
} from './state-store.js'

/** The read queries, prepared once on one connection (the writer's or the reader's). */
export class SqliteReader implements StateReader {
  readonly #db: Database.Database
  readonly #byId: Database.Statement
  readonly #byName: Database.Statement
  readonly #listStores: Database.Statement
  readonly #countStores: Database.Statement
  readonly #getKey: Database.Statement
  readonly #listKeysFrom: Database.Statement
  readonly #listKeysAfter: Database.Statement
  readonly #latest: Database.Statement
  readonly #resources: SqliteResourceReader

  constructor(db: Database.Database) {
    this.#db = db
    this.#resources = new SqliteResourceReader(db)
    this.#byId = db.prepare('SELECT * FROM key_value_stores WHERE id = ?')
    this.#byName = db.prepare('SELECT * FROM key_value_stores WHERE name = ?')
    this.#listStores = db.prepare(
      `SELECT * FROM key_value_stores WHERE name > ? AND (? IS NULL OR status = ?) ORDER BY name LIMIT ?`,
    )
    this.#countStores = db.prepare('SELECT COUNT(*) AS n FROM key_value_stores')
    this.#getKey = db.prepare('SELECT value FROM kvs_keys WHERE store_id = ? AND key = ?')
    this.#listKeysFrom = db.prepare('SELECT key, value FROM kvs_keys WHERE store_id = ? ORDER BY key LIMIT ?')
    this.#listKeysAfter = db.prepare(
      'SELECT key, value FROM kvs_keys WHERE store_id = ? AND key > ? ORDER BY key LIMIT ?',
    )
    this.#latest = db.prepare(`SELECT COALESCE(MAX(revision), 0) AS r FROM changes`)
  }

  async getKeyValueStore(ref: KeyValueStoreRef): Promise<KeyValueStoreRecord | undefined> {
    const row = ('id' in ref ? this.#byId.get(ref.id) : this.#byName.get(ref.name)) as StoreRow | undefined
    return row === undefined ? undefined : toStoreRecord(row)
  }

  async listKeyValueStores(options: {
    afterName?: string
    limit: number
    status?: KeyValueStoreStatus
  }): Promise<KeyValueStoreRecord[]> {
    const status = options.status ?? null
    const rows = this.#listStores.all(options.afterName ?? '', status, status, options.limit) as StoreRow[]
    return rows.map(toStoreRecord)
  }

  async countKeyValueStores(): Promise<number> {
    return (this.#countStores.get() as { n: number }).n
  }

  async getKey(storeId: string, key: string): Promise<string | undefined> {
    return (this.#getKey.get(storeId, key) as { value: string } | undefined)?.value
  }

  async listKeys(storeId: string, options: { after?: string; limit?: number }): Promise<KeyEntry[]> {
    const limit = options.limit ?? -1
    return (
      options.after === undefined
        ? this.#listKeysFrom.all(storeId, limit)
        : this.#listKeysAfter.all(storeId, options.after, limit)
    ) as KeyEntry[]
  }

  async listChanges(options: ListChangesOptions): Promise<ChangeRecord[]> {
    const where: string[] = []
    const params: (string | number)[] = []
    if (options.afterRevision !== undefined) {
      where.push('revision > ?')
      params.push(options.afterRevision)
    }
    if (options.upToRevision !== undefined) {
      where.push('revision <= ?')
      params.push(options.upToRevision)
    }
    if (options.entityId !== undefined) {
      where.push('entity_id = ?')
      params.push(options.entityId)
    }
    if (options.kinds !== undefined) {
      if (options.kinds.length === 0) return []
      where.push(`kind IN (${options.kinds.map(() => '?').join(', ')})`)
      params.push(...options.kinds)
    }
    const sql =
      'SELECT * FROM changes' +
      (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
      ` ORDER BY revision ${options.descending === true ? 'DESC' : 'ASC'} LIMIT ?`
    params.push(options.limit ?? -1)
    return (this.#db.prepare(sql).all(...params) as ChangeRow[]).map(toChangeRecord)
  }

  async latestRevision(): Promise<number> {
    return (this.#latest.get() as { r: number }).r
  }

  getFunction(name: string): Promise<FunctionRecord | undefined> {
    return this.#resources.getFunction(name)
  }

  listFunctions(options: {
    afterName?: string
    limit: number
    liveOnly?: boolean
  }): Promise<FunctionRecord[]> {
    return this.#resources.listFunctions(options)
  }

  countFunctions(): Promise<number> {
    return this.#resources.countFunctions()
  }

  listFunctionsUsingKeyValueStore(storeId: string): Promise<string[]> {
    return this.#resources.listFunctionsUsingKeyValueStore(storeId)
  }

  getDistribution(ref: DistributionRef): Promise<DistributionRecord | undefined> {
    return this.#resources.getDistribution(ref)
  }

  listDistributions(options: {
    afterId?: string
    limit: number
    enabledOnly?: boolean
  }): Promise<DistributionRecord[]> {
    return this.#resources.listDistributions(options)
  }

  countDistributions(): Promise<number> {
    return this.#resources.countDistributions()
  }
}
