import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { type FunctionLogRecord, functionNameOf } from '../../sync/index.js'
import type {
  FunctionLogFilter,
  FunctionLogRetention,
  FunctionLogStore,
  StoredFunctionLog,
} from './function-log-store.js'

/** The file beside `verge.db` that holds function logs. */
export const FUNCTION_LOG_FILE = 'function-logs.db'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS function_logs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time INTEGER NOT NULL,
  received INTEGER NOT NULL,
  edge_id TEXT NOT NULL,
  edge_name TEXT NOT NULL,
  function_name TEXT NOT NULL,
  function_arn TEXT NOT NULL,
  distribution_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  outcome TEXT NOT NULL,
  error_message TEXT,
  compute_utilization INTEGER NOT NULL,
  lines TEXT NOT NULL,
  bytes INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS function_logs_by_function ON function_logs (function_name, id);
CREATE INDEX IF NOT EXISTS function_logs_by_received ON function_logs (received);
`

interface Row {
  id: number
  time: number
  edge_id: string
  edge_name: string
  function_name: string
  function_arn: string
  distribution_id: string
  request_id: string
  event_type: 'viewer-request' | 'viewer-response'
  outcome: string
  error_message: string | null
  compute_utilization: number
  lines: string
}

function toLog(row: Row): StoredFunctionLog {
  return {
    id: row.id,
    time: row.time,
    requestId: row.request_id,
    distributionId: row.distribution_id,
    functionArn: row.function_arn,
    functionName: row.function_name,
    eventType: row.event_type,
    outcome: row.outcome,
    logs: JSON.parse(row.lines) as string[],
    ...(row.error_message === null ? {} : { errorMessage: row.error_message }),
    computeUtilization: row.compute_utilization,
    edgeId: row.edge_id,
    edgeName: row.edge_name,
  }
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * Function logs in their own SQLite file (`function-logs.db` in the data directory), apart from
 * `verge.db`: they are many, written in batches and pruned all the time, and best effort like
 * CloudFront's (WAL with `synchronous = NORMAL`: a power cut may lose the last batches, never
 * the configuration).
 */
export class SqliteFunctionLogStore implements FunctionLogStore {
  readonly #db: Database.Database
  readonly #insert: Database.Statement
  #bytes: number

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true })
    this.#db = new Database(join(dataDir, FUNCTION_LOG_FILE))
    this.#db.pragma('journal_mode = WAL')
    this.#db.pragma('synchronous = NORMAL')
    this.#db.exec(SCHEMA)
    this.#insert = this.#db.prepare(
      `INSERT INTO function_logs (time, received, edge_id, edge_name, function_name, function_arn,
        distribution_id, request_id, event_type, outcome, error_message, compute_utilization, lines, bytes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.#bytes = (
      this.#db.prepare('SELECT COALESCE(SUM(bytes), 0) AS n FROM function_logs').get() as { n: number }
    ).n
  }

  append(
    edge: { id: string; name: string },
    entries: readonly FunctionLogRecord[],
    receivedAt: number,
  ): void {
    this.#db.transaction(() => {
      for (const e of entries) {
        const lines = JSON.stringify(e.logs)
        const bytes = lines.length + (e.errorMessage?.length ?? 0) + 200
        this.#insert.run(
          e.time,
          receivedAt,
          edge.id,
          edge.name,
          functionNameOf(e.functionArn),
          e.functionArn,
          e.distributionId,
          e.requestId,
          e.eventType,
          e.outcome,
          e.errorMessage ?? null,
          Math.round(e.computeUtilization),
          lines,
          bytes,
        )
        this.#bytes += bytes
      }
    })()
  }

  query(filter: FunctionLogFilter): StoredFunctionLog[] {
    const where = ['function_name = ?']
    const params: (string | number)[] = [filter.functionName]
    const add = (clause: string, ...values: (string | number)[]) => {
      where.push(clause)
      params.push(...values)
    }
    if (filter.distributionId !== undefined) add('distribution_id = ?', filter.distributionId)
    if (filter.edgeId !== undefined) add('(edge_id = ? OR edge_name = ?)', filter.edgeId, filter.edgeId)
    if (filter.since !== undefined) add('time >= ?', filter.since)
    if (filter.until !== undefined) add('time < ?', filter.until)
    if (filter.errorsOnly === true) add('error_message IS NOT NULL')
    if (filter.text !== undefined && filter.text !== '') {
      const pattern = likePattern(filter.text)
      add("(lines LIKE ? ESCAPE '\\' OR error_message LIKE ? ESCAPE '\\')", pattern, pattern)
    }
    const following = filter.afterId !== undefined
    if (following) add('id > ?', filter.afterId as number)
    // Following reads forward from the cursor; otherwise the newest `limit`, shown oldest first.
    const sql = `SELECT * FROM function_logs WHERE ${where.join(' AND ')} ORDER BY id ${following ? 'ASC' : 'DESC'} LIMIT ?`
    const rows = this.#db.prepare(sql).all(...params, filter.limit) as Row[]
    if (!following) rows.reverse()
    return rows.map(toLog)
  }

  prune(retention: FunctionLogRetention, now: number): number {
    let removed = this.#db
      .prepare('DELETE FROM function_logs WHERE received < ?')
      .run(now - retention.maxAgeMs).changes
    if (removed > 0) this.#recount()
    while (this.#bytes > retention.maxBytes) {
      const oldest = this.#db.prepare('SELECT id, bytes FROM function_logs ORDER BY id LIMIT 1000').all() as {
        id: number
        bytes: number
      }[]
      if (oldest.length === 0) break
      let excess = this.#bytes - retention.maxBytes
      let last = 0
      for (const row of oldest) {
        last = row.id
        excess -= row.bytes
        if (excess <= 0) break
      }
      removed += this.#db.prepare('DELETE FROM function_logs WHERE id <= ?').run(last).changes
      this.#recount()
    }
    return removed
  }

  close(): void {
    this.#db.close()
  }

  #recount(): void {
    this.#bytes = (
      this.#db.prepare('SELECT COALESCE(SUM(bytes), 0) AS n FROM function_logs').get() as { n: number }
    ).n
  }
}
