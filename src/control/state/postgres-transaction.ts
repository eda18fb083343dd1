import { type Change, changeEntityId } from '../../sync/index.js'
import { COMMIT_CHANNEL } from './postgres-commit-listener.js'
import { PostgresReader, type Queryable, utf8 } from './postgres-rows.js'
import {
  DISTRIBUTION_COLUMNS,
  distributionValues,
  FUNCTION_COLUMNS,
  functionValues,
  STORE_COLUMNS,
  storePatchColumns,
  storeValues,
} from './record-rows.js'
import type {
  ChangeRecord,
  DistributionRecord,
  FunctionRecord,
  KeyValueStorePatch,
  KeyValueStoreRecord,
  StateTransaction,
} from './state-store.js'

/**
 * Taken (pg_advisory_xact_lock) by a transaction before it appends its first change and held
 * until it ends, so that the next revision is handed out only once the previous one is
 * committed and visible: revisions become visible in order (`state-store.ts`), which a
 * sequence alone does not give (4 could commit after 5 and a follower past 5 would skip it).
 */
export const REVISION_LOCK = 0x7665_7267_0002

/** `$1, $2, … $n`. */
function placeholders(n: number, from = 1): string {
  return Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ')
}

/** One serializable transaction on one client (`postgres-state-store.ts` begins and ends it). */
export class PostgresTransaction extends PostgresReader implements StateTransaction {
  readonly #db: Queryable
  readonly #clock: () => Date
  #holdsRevisionLock = false

  constructor(db: Queryable, clock: () => Date) {
    super(db)
    this.#db = db
    this.#clock = clock
  }

  async #run(text: string, values: unknown[]): Promise<void> {
    await this.#db.query(text, values)
  }

  async insertKeyValueStore(r: KeyValueStoreRecord): Promise<void> {
    await this.#run(
      `INSERT INTO key_value_stores (${STORE_COLUMNS}) VALUES (${placeholders(11)})`,
      storeValues(r),
    )
  }

  async updateKeyValueStore(id: string, patch: KeyValueStorePatch): Promise<void> {
    const { columns, values } = storePatchColumns(patch)
    if (columns.length === 0) return
    const sets = columns.map((column, i) => `${column} = $${i + 2}`)
    await this.#run(`UPDATE key_value_stores SET ${sets.join(', ')} WHERE id = $1`, [id, ...values])
  }

  async deleteKeyValueStore(id: string): Promise<void> {
    await this.deleteAllKeys(id)
    await this.#run('DELETE FROM key_value_stores WHERE id = $1', [id])
  }

  async putKey(storeId: string, key: string, value: string): Promise<string | undefined> {
    // One round trip: the CTE reads the row as it was before the upsert.
    const { rows } = await this.#db.query<{ value: Buffer }>(
      `WITH previous AS (SELECT value FROM kvs_keys WHERE store_id = $1 AND key = $2),
            upsert AS (INSERT INTO kvs_keys (store_id, key, value) VALUES ($1, $2, $3)
                       ON CONFLICT (store_id, key) DO UPDATE SET value = excluded.value)
       SELECT value FROM previous`,
      [storeId, utf8(key), utf8(value)],
    )
    return rows[0]?.value.toString('utf8')
  }

  async deleteKey(storeId: string, key: string): Promise<string | undefined> {
    const { rows } = await this.#db.query<{ value: Buffer }>(
      'DELETE FROM kvs_keys WHERE store_id = $1 AND key = $2 RETURNING value',
      [storeId, utf8(key)],
    )
    return rows[0]?.value.toString('utf8')
  }

  async deleteAllKeys(storeId: string): Promise<void> {
    await this.#run('DELETE FROM kvs_keys WHERE store_id = $1', [storeId])
  }

  async appendChange(change: Change): Promise<ChangeRecord> {
    if (!this.#holdsRevisionLock) {
      // The notification goes out only if, and when, the transaction commits.
      await this.#run('SELECT pg_advisory_xact_lock($1), pg_notify($2, NULL)', [
        REVISION_LOCK,
        COMMIT_CHANNEL,
      ])
      this.#holdsRevisionLock = true
    }
    const committed = this.#clock()
    const entityId = changeEntityId(change)
    const { rows } = await this.#db.query<{ revision: number }>(
      'INSERT INTO changes (kind, entity_id, payload, committed_ms) VALUES ($1, $2, $3, $4) RETURNING revision',
      [change.kind, entityId, JSON.stringify(change.payload), committed.getTime()],
    )
    const revision = rows[0]?.revision
    if (revision === undefined) throw new Error('The change log returned no revision.')
    return { revision, ...change, entityId, committed }
  }

  async insertFunction(r: FunctionRecord): Promise<void> {
    await this.#run(`INSERT INTO functions (name, ${FUNCTION_COLUMNS}) VALUES (${placeholders(15)})`, [
      r.name,
      ...functionValues(r),
    ])
  }

  async replaceFunction(r: FunctionRecord): Promise<void> {
    await this.#run(`UPDATE functions SET (${FUNCTION_COLUMNS}) = (${placeholders(14, 2)}) WHERE name = $1`, [
      r.name,
      ...functionValues(r),
    ])
  }

  async deleteFunction(name: string): Promise<void> {
    await this.#run('DELETE FROM functions WHERE name = $1', [name])
  }

  async insertDistribution(r: DistributionRecord): Promise<void> {
    await this.#run(`INSERT INTO distributions (id, ${DISTRIBUTION_COLUMNS}) VALUES (${placeholders(9)})`, [
      r.id,
      ...distributionValues(r),
    ])
  }

  async replaceDistribution(r: DistributionRecord): Promise<void> {
    await this.#run(
      `UPDATE distributions SET (${DISTRIBUTION_COLUMNS}) = (${placeholders(8, 2)}) WHERE id = $1`,
      [r.id, ...distributionValues(r)],
    )
  }

  async deleteDistribution(id: string): Promise<void> {
    await this.#run('DELETE FROM distributions WHERE id = $1', [id])
  }
}
