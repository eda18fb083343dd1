import type Database from 'better-sqlite3'
import {
  DISTRIBUTION_COLUMNS,
  type DistributionRow,
  distributionValues,
  FUNCTION_COLUMNS,
  type FunctionRow,
  functionValues,
  toDistributionRecord,
  toFunctionRecord,
} from './record-rows.js'
import type { DistributionRecord, DistributionRef, FunctionRecord } from './state-store.js'

/** Functions and distributions in SQLite: the statements that read and write their rows. */

/** The function and distribution queries, prepared once on one connection. */
export class SqliteResourceReader {
  readonly #getFunction: Database.Statement
  readonly #listFunctions: Database.Statement
  readonly #countFunctions: Database.Statement
  readonly #functionsUsing: Database.Statement
  readonly #distributionById: Database.Statement
  readonly #distributionByRef: Database.Statement
  readonly #listDistributions: Database.Statement
  readonly #countDistributions: Database.Statement

  constructor(db: Database.Database) {
    this.#getFunction = db.prepare('SELECT * FROM functions WHERE name = ?')
    this.#listFunctions = db.prepare(
      'SELECT * FROM functions WHERE name > ? AND (? = 0 OR live_etag IS NOT NULL) ORDER BY name LIMIT ?',
    )
    this.#countFunctions = db.prepare('SELECT COUNT(*) AS n FROM functions')
    this.#functionsUsing = db.prepare(
      'SELECT name FROM functions WHERE dev_kvs_id = ? OR live_kvs_id = ? ORDER BY name',
    )
    this.#distributionById = db.prepare('SELECT * FROM distributions WHERE id = ?')
    this.#distributionByRef = db.prepare('SELECT * FROM distributions WHERE caller_reference = ?')
    this.#listDistributions = db.prepare(
      'SELECT * FROM distributions WHERE id > ? AND (? = 0 OR enabled = 1) ORDER BY id LIMIT ?',
    )
    this.#countDistributions = db.prepare('SELECT COUNT(*) AS n FROM distributions')
  }

  async getFunction(name: string): Promise<FunctionRecord | undefined> {
    const row = this.#getFunction.get(name) as FunctionRow | undefined
    return row === undefined ? undefined : toFunctionRecord(row)
  }

  async listFunctions(options: {
    afterName?: string
    limit: number
    liveOnly?: boolean
  }): Promise<FunctionRecord[]> {
    const rows = this.#listFunctions.all(
      options.afterName ?? '',
      options.liveOnly === true ? 1 : 0,
      options.limit,
    ) as FunctionRow[]
    return rows.map(toFunctionRecord)
  }

  async countFunctions(): Promise<number> {
    return (this.#countFunctions.get() as { n: number }).n
  }

  async listFunctionsUsingKeyValueStore(storeId: string): Promise<string[]> {
    return (this.#functionsUsing.all(storeId, storeId) as { name: string }[]).map((row) => row.name)
  }

  async getDistribution(ref: DistributionRef): Promise<DistributionRecord | undefined> {
    const row = (
      'id' in ref ? this.#distributionById.get(ref.id) : this.#distributionByRef.get(ref.callerReference)
    ) as DistributionRow | undefined
    return row === undefined ? undefined : toDistributionRecord(row)
  }

  async listDistributions(options: {
    afterId?: string
    limit: number
    enabledOnly?: boolean
  }): Promise<DistributionRecord[]> {
    const rows = this.#listDistributions.all(
      options.afterId ?? '',
      options.enabledOnly === true ? 1 : 0,
      options.limit,
    ) as DistributionRow[]
    return rows.map(toDistributionRecord)
  }

  async countDistributions(): Promise<number> {
    return (this.#countDistributions.get() as { n: number }).n
  }
}

/** The function and distribution writes, prepared once on the writer connection. */
export class SqliteResourceWriter {
  readonly #insertFunction: Database.Statement
  readonly #replaceFunction: Database.Statement
  readonly #deleteFunction: Database.Statement
  readonly #insertDistribution: Database.Statement
  readonly #replaceDistribution: Database.Statement
  readonly #deleteDistribution: Database.Statement

  constructor(db: Database.Database) {
    this.#insertFunction = db.prepare(
      `INSERT INTO functions (name, ${FUNCTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.#replaceFunction = db.prepare(
      `UPDATE functions SET (${FUNCTION_COLUMNS}) = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE name = ?`,
    )
    this.#deleteFunction = db.prepare('DELETE FROM functions WHERE name = ?')
    this.#insertDistribution = db.prepare(
      `INSERT INTO distributions (id, ${DISTRIBUTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.#replaceDistribution = db.prepare(
      `UPDATE distributions SET (${DISTRIBUTION_COLUMNS}) = (?, ?, ?, ?, ?, ?, ?, ?) WHERE id = ?`,
    )
    this.#deleteDistribution = db.prepare('DELETE FROM distributions WHERE id = ?')
  }

  insertFunction(r: FunctionRecord): void {
    this.#insertFunction.run(r.name, ...functionValues(r))
  }

  replaceFunction(r: FunctionRecord): void {
    this.#replaceFunction.run(...functionValues(r), r.name)
  }

  deleteFunction(name: string): void {
    this.#deleteFunction.run(name)
  }

  insertDistribution(r: DistributionRecord): void {
    this.#insertDistribution.run(r.id, ...distributionValues(r))
  }

  replaceDistribution(r: DistributionRecord): void {
    this.#replaceDistribution.run(...distributionValues(r), r.id)
  }

  deleteDistribution(id: string): void {
    this.#deleteDistribution.run(id)
  }
}
