import type Database from 'better-sqlite3'
import type {
  DistributionRecord,
  DistributionRef,
  FunctionRecord,
  FunctionRuntimeName,
  FunctionStageRecord,
} from './state-store.js'

/** Functions and distributions in SQLite: the rows, and the statements that read and write them. */

interface FunctionRow {
  name: string
  status: string
  created_ms: number
  dev_comment: string
  dev_runtime: string
  dev_code: string
  dev_kvs_id: string | null
  dev_etag: string
  dev_modified_ms: number
  live_comment: string | null
  live_runtime: string | null
  live_code: string | null
  live_kvs_id: string | null
  live_etag: string | null
  live_modified_ms: number | null
}

interface DistributionRow {
  id: string
  caller_reference: string
  domain_name: string
  config: string
  enabled: number
  etag: string
  created_ms: number
  last_modified_ms: number
  revision: number
}

function stage(
  comment: string,
  runtime: string,
  code: string,
  kvsId: string | null,
  etag: string,
  modifiedMs: number,
): FunctionStageRecord {
  return {
    comment,
    runtime: runtime as FunctionRuntimeName,
    code,
    ...(kvsId === null ? {} : { keyValueStoreId: kvsId }),
    etag,
    lastModified: new Date(modifiedMs),
  }
}

function toFunctionRecord(row: FunctionRow): FunctionRecord {
  const development = stage(
    row.dev_comment,
    row.dev_runtime,
    row.dev_code,
    row.dev_kvs_id,
    row.dev_etag,
    row.dev_modified_ms,
  )
  const live =
    row.live_etag === null
      ? undefined
      : stage(
          row.live_comment ?? '',
          row.live_runtime ?? '',
          row.live_code ?? '',
          row.live_kvs_id,
          row.live_etag,
          row.live_modified_ms ?? 0,
        )
  return {
    name: row.name,
    status: row.status,
    created: new Date(row.created_ms),
    development,
    ...(live === undefined ? {} : { live }),
  }
}

function toDistributionRecord(row: DistributionRow): DistributionRecord {
  return {
    id: row.id,
    callerReference: row.caller_reference,
    domainName: row.domain_name,
    config: JSON.parse(row.config) as unknown,
    enabled: row.enabled === 1,
    etag: row.etag,
    created: new Date(row.created_ms),
    lastModified: new Date(row.last_modified_ms),
    revision: row.revision,
  }
}

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

function stageValues(s: FunctionStageRecord | undefined): (string | number | null)[] {
  if (s === undefined) return [null, null, null, null, null, null]
  return [s.comment, s.runtime, s.code, s.keyValueStoreId ?? null, s.etag, s.lastModified.getTime()]
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
    const functionColumns = `status, created_ms, dev_comment, dev_runtime, dev_code, dev_kvs_id, dev_etag,
      dev_modified_ms, live_comment, live_runtime, live_code, live_kvs_id, live_etag, live_modified_ms`
    this.#insertFunction = db.prepare(
      `INSERT INTO functions (name, ${functionColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.#replaceFunction = db.prepare(
      `UPDATE functions SET (${functionColumns}) = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE name = ?`,
    )
    this.#deleteFunction = db.prepare('DELETE FROM functions WHERE name = ?')
    const distributionColumns =
      'caller_reference, domain_name, config, enabled, etag, created_ms, last_modified_ms, revision'
    this.#insertDistribution = db.prepare(
      `INSERT INTO distributions (id, ${distributionColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.#replaceDistribution = db.prepare(
      `UPDATE distributions SET (${distributionColumns}) = (?, ?, ?, ?, ?, ?, ?, ?) WHERE id = ?`,
    )
    this.#deleteDistribution = db.prepare('DELETE FROM distributions WHERE id = ?')
  }

  #functionValues(r: FunctionRecord): (string | number | null)[] {
    return [r.status, r.created.getTime(), ...stageValues(r.development), ...stageValues(r.live)]
  }

  insertFunction(r: FunctionRecord): void {
    this.#insertFunction.run(r.name, ...this.#functionValues(r))
  }

  replaceFunction(r: FunctionRecord): void {
    this.#replaceFunction.run(...this.#functionValues(r), r.name)
  }

  deleteFunction(name: string): void {
    this.#deleteFunction.run(name)
  }

  #distributionValues(r: DistributionRecord): (string | number)[] {
    return [
      r.callerReference,
      r.domainName,
      JSON.stringify(r.config),
      r.enabled ? 1 : 0,
      r.etag,
      r.created.getTime(),
      r.lastModified.getTime(),
      r.revision,
    ]
  }

  insertDistribution(r: DistributionRecord): void {
    this.#insertDistribution.run(r.id, ...this.#distributionValues(r))
  }

  replaceDistribution(r: DistributionRecord): void {
    this.#replaceDistribution.run(...this.#distributionValues(r), r.id)
  }

  deleteDistribution(id: string): void {
    this.#deleteDistribution.run(id)
  }
}
