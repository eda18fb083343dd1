import type { QueryResultRow } from 'pg'
import {
  type ChangeRow,
  type DistributionRow,
  type FunctionRow,
  type StoreRow,
  toChangeRecord,
  toDistributionRecord,
  toFunctionRecord,
  toStoreRecord,
} from './record-rows.js'
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

/** What runs a query: the pool (each query on its own, committed state) or one client (a transaction). */
export interface Queryable {
  query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<{ rows: R[] }>
}

/** A key or value as stored: its UTF-8 bytes (`postgres-schema.ts`). */
export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8')
}

export function toKeyEntry(row: { key: Buffer; value: Buffer }): KeyEntry {
  return { key: row.key.toString('utf8'), value: row.value.toString('utf8') }
}

/** The read queries, on the pool or on a transaction's client. */
export class PostgresReader implements StateReader {
  readonly #db: Queryable

  constructor(db: Queryable) {
    this.#db = db
  }

  async #rows<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    return (await this.#db.query<R>(text, values)).rows
  }

  async #count(table: string): Promise<number> {
    return (await this.#rows<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n ?? 0
  }

  async getKeyValueStore(ref: KeyValueStoreRef): Promise<KeyValueStoreRecord | undefined> {
    const [row] =
      'id' in ref
        ? await this.#rows<StoreRow>('SELECT * FROM key_value_stores WHERE id = $1', [ref.id])
        : await this.#rows<StoreRow>('SELECT * FROM key_value_stores WHERE name = $1', [ref.name])
    return row === undefined ? undefined : toStoreRecord(row)
  }

  async listKeyValueStores(options: {
    afterName?: string
    limit: number
    status?: KeyValueStoreStatus
  }): Promise<KeyValueStoreRecord[]> {
    const rows = await this.#rows<StoreRow>(
      `SELECT * FROM key_value_stores WHERE name > $1 AND ($2::text IS NULL OR status = $2)
       ORDER BY name LIMIT $3`,
      [options.afterName ?? '', options.status ?? null, options.limit],
    )
    return rows.map(toStoreRecord)
  }

  countKeyValueStores(): Promise<number> {
    return this.#count('key_value_stores')
  }

  async getKey(storeId: string, key: string): Promise<string | undefined> {
    const [row] = await this.#rows<{ value: Buffer }>(
      'SELECT value FROM kvs_keys WHERE store_id = $1 AND key = $2',
      [storeId, utf8(key)],
    )
    return row?.value.toString('utf8')
  }

  async listKeys(storeId: string, options: { after?: string; limit?: number }): Promise<KeyEntry[]> {
    // LIMIT NULL is no limit.
    const rows = await this.#rows<{ key: Buffer; value: Buffer }>(
      `SELECT key, value FROM kvs_keys WHERE store_id = $1 AND ($2::bytea IS NULL OR key > $2)
       ORDER BY key LIMIT $3`,
      [storeId, options.after === undefined ? null : utf8(options.after), options.limit ?? null],
    )
    return rows.map(toKeyEntry)
  }

  async listChanges(options: ListChangesOptions): Promise<ChangeRecord[]> {
    const where: string[] = []
    const params: unknown[] = []
    const bind = (value: unknown) => {
      params.push(value)
      return `$${params.length}`
    }
    if (options.afterRevision !== undefined) where.push(`revision > ${bind(options.afterRevision)}`)
    if (options.upToRevision !== undefined) where.push(`revision <= ${bind(options.upToRevision)}`)
    if (options.entityId !== undefined) where.push(`entity_id = ${bind(options.entityId)}`)
    if (options.kinds !== undefined) {
      if (options.kinds.length === 0) return []
      where.push(`kind = ANY(${bind([...options.kinds])}::text[])`)
    }
    const sql =
      'SELECT * FROM changes' +
      (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
      ` ORDER BY revision ${options.descending === true ? 'DESC' : 'ASC'} LIMIT ${bind(options.limit ?? null)}`
    return (await this.#rows<ChangeRow>(sql, params)).map(toChangeRecord)
  }

  async latestRevision(): Promise<number> {
    return (await this.#rows<{ r: number }>('SELECT COALESCE(MAX(revision), 0) AS r FROM changes'))[0]?.r ?? 0
  }

  async getFunction(name: string): Promise<FunctionRecord | undefined> {
    const [row] = await this.#rows<FunctionRow>('SELECT * FROM functions WHERE name = $1', [name])
    return row === undefined ? undefined : toFunctionRecord(row)
  }

  async listFunctions(options: {
    afterName?: string
    limit: number
    liveOnly?: boolean
  }): Promise<FunctionRecord[]> {
    const rows = await this.#rows<FunctionRow>(
      'SELECT * FROM functions WHERE name > $1 AND (NOT $2 OR live_etag IS NOT NULL) ORDER BY name LIMIT $3',
      [options.afterName ?? '', options.liveOnly === true, options.limit],
    )
    return rows.map(toFunctionRecord)
  }

  countFunctions(): Promise<number> {
    return this.#count('functions')
  }

  async listFunctionsUsingKeyValueStore(storeId: string): Promise<string[]> {
    const rows = await this.#rows<{ name: string }>(
      'SELECT name FROM functions WHERE dev_kvs_id = $1 OR live_kvs_id = $1 ORDER BY name',
      [storeId],
    )
    return rows.map((row) => row.name)
  }

  async getDistribution(ref: DistributionRef): Promise<DistributionRecord | undefined> {
    const [row] =
      'id' in ref
        ? await this.#rows<DistributionRow>('SELECT * FROM distributions WHERE id = $1', [ref.id])
        : await this.#rows<DistributionRow>('SELECT * FROM distributions WHERE caller_reference = $1', [
            ref.callerReference,
          ])
    return row === undefined ? undefined : toDistributionRecord(row)
  }

  async listDistributions(options: {
    afterId?: string
    limit: number
    enabledOnly?: boolean
  }): Promise<DistributionRecord[]> {
    const rows = await this.#rows<DistributionRow>(
      'SELECT * FROM distributions WHERE id > $1 AND (NOT $2 OR enabled = 1) ORDER BY id LIMIT $3',
      [options.afterId ?? '', options.enabledOnly === true, options.limit],
    )
    return rows.map(toDistributionRecord)
  }

  countDistributions(): Promise<number> {
    return this.#count('distributions')
  }
}
