/**
 * The edge → control contract for function logs: an edge posts what its functions printed (and
 * why a run failed) in batches to `POST /_verge/sync/logs`, with its edge token and id, as it
 * does its acks. CloudFront's own logs are best effort (AWS's CloudFront Functions
 * documentation, "Function logs"); Verge buffers a bounded amount at the edge and counts what
 * it had to drop, so the control plane can say so.
 */

export const SYNC_LOGS_PATH = '/_verge/sync/logs'

/** A batch body is at most this many bytes; an edge splits larger ones. */
export const MAX_LOG_BATCH_BYTES = 1024 * 1024

/** At most this many entries in one batch. */
export const MAX_LOG_BATCH_ENTRIES = 1000

export type FunctionLogEventType = 'viewer-request' | 'viewer-response'

/** One invocation's log: its lines, or why it failed, and what it cost. */
export interface FunctionLogRecord {
  /** `X-Amz-Cf-Id` of the request, also the function's `context.requestId`. */
  requestId: string
  distributionId: string
  functionArn: string
  eventType: FunctionLogEventType
  /** What the run meant for the request (`FunctionOutcomeKind` at the edge). */
  outcome: string
  logs: string[]
  errorMessage?: string
  /** 0-100. */
  computeUtilization: number
  /** When the invocation ran, in ms since the epoch. */
  time: number
}

/** `POST /_verge/sync/logs`: entries, and how many the edge dropped since its last batch. */
export interface FunctionLogBatch {
  entries: FunctionLogRecord[]
  dropped: number
}

const isString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max

function isRecord(value: unknown): value is FunctionLogRecord {
  if (typeof value !== 'object' || value === null) return false
  const r = value as Record<string, unknown>
  return (
    isString(r.requestId, 256) &&
    isString(r.distributionId, 256) &&
    isString(r.functionArn, 512) &&
    (r.eventType === 'viewer-request' || r.eventType === 'viewer-response') &&
    isString(r.outcome, 64) &&
    Array.isArray(r.logs) &&
    r.logs.every((line) => typeof line === 'string') &&
    (r.errorMessage === undefined || typeof r.errorMessage === 'string') &&
    typeof r.computeUtilization === 'number' &&
    r.computeUtilization >= 0 &&
    r.computeUtilization <= 100 &&
    typeof r.time === 'number' &&
    Number.isSafeInteger(r.time) &&
    r.time >= 0
  )
}

/** The batch in `value`, or a message saying what is wrong with it. */
export function parseLogBatch(value: unknown): FunctionLogBatch | string {
  if (typeof value !== 'object' || value === null) return 'The body must be a JSON object.'
  const { entries, dropped } = value as Record<string, unknown>
  if (!Array.isArray(entries)) return '"entries" must be an array.'
  if (entries.length > MAX_LOG_BATCH_ENTRIES) return `At most ${MAX_LOG_BATCH_ENTRIES} entries a batch.`
  if (typeof dropped !== 'number' || !Number.isSafeInteger(dropped) || dropped < 0)
    return '"dropped" must be a whole number.'
  const bad = entries.findIndex((entry) => !isRecord(entry))
  if (bad !== -1) return `entries[${bad}] is not a function log entry.`
  return { entries: entries as FunctionLogRecord[], dropped }
}

/** The function's name in its ARN (`…:function/name`). */
export function functionNameOf(arn: string): string {
  const at = arn.lastIndexOf(':function/')
  return at === -1 ? arn : arn.slice(at + ':function/'.length)
}
