import type { FunctionLogRecord } from '../../sync/index.js'

/** One stored invocation log, as the admin API returns it. */
export interface StoredFunctionLog extends FunctionLogRecord {
  /** Increases with every entry stored: the cursor of `--follow`. */
  id: number
  functionName: string
  edgeId: string
  edgeName: string
}

/** What a query selects; every field narrows it. */
export interface FunctionLogFilter {
  functionName: string
  distributionId?: string
  edgeId?: string
  /** Invocation time, ms since the epoch: from `since` (inclusive) to `until` (exclusive). */
  since?: number
  until?: number
  /** Only runs that failed (an error message). */
  errorsOnly?: boolean
  /** A substring of a line or of the error message, case-insensitive for ASCII. */
  text?: string
  /** Only entries stored after this id, oldest first (following); otherwise the newest. */
  afterId?: number
  limit: number
}

export interface FunctionLogRetention {
  /** Entries received longer ago than this are removed. */
  maxAgeMs: number
  /** When the stored entries' lines take more bytes than this, the oldest are removed. */
  maxBytes: number
}

/**
 * Where the control plane keeps function logs: appended in batches, queried by function and
 * more, pruned to the retention limits. SQLite today (`sqlite-function-log-store.ts`); another
 * engine implements the same four methods.
 */
export interface FunctionLogStore {
  append(edge: { id: string; name: string }, entries: readonly FunctionLogRecord[], receivedAt: number): void
  /** Matching entries, oldest first. */
  query(filter: FunctionLogFilter): StoredFunctionLog[]
  /** Applies the retention limits; returns how many entries were removed. */
  prune(retention: FunctionLogRetention, now: number): number
  close(): void
}
