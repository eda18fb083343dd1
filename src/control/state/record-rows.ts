import type {
  ChangeRecord,
  DistributionRecord,
  FunctionRecord,
  FunctionRuntimeName,
  FunctionStageRecord,
  KeyValueStorePatch,
  KeyValueStoreRecord,
  KeyValueStoreStatus,
} from './state-store.js'

/**
 * The rows both engines store (the same columns in SQLite and PostgreSQL: times as milliseconds
 * since the epoch, JSON as text) and their conversion to and from the records.
 */

export interface StoreRow {
  id: string
  name: string
  comment: string
  status: string
  failure_reason: string | null
  created_ms: number
  last_modified_ms: number
  etag: string
  data_etag: string
  item_count: number
  total_size_bytes: number
}

export interface ChangeRow {
  revision: number
  kind: string
  entity_id: string
  payload: string
  committed_ms: number
}

export interface FunctionRow {
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

export interface DistributionRow {
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

/** The column of each member `updateKeyValueStore` may change. */
export const STORE_PATCH_COLUMNS: Readonly<Record<string, string>> = {
  comment: 'comment',
  status: 'status',
  failureReason: 'failure_reason',
  lastModified: 'last_modified_ms',
  etag: 'etag',
  dataEtag: 'data_etag',
  itemCount: 'item_count',
  totalSizeInBytes: 'total_size_bytes',
}

/** The patch's members that are set, each as its column and the value stored. */
export function storePatchColumns(patch: KeyValueStorePatch): { columns: string[]; values: unknown[] } {
  const columns: string[] = []
  const values: unknown[] = []
  for (const [name, value] of Object.entries(patch)) {
    if (value === undefined) continue
    const column = STORE_PATCH_COLUMNS[name]
    if (column === undefined) throw new TypeError(`Cannot update key value store member ${name}.`)
    columns.push(column)
    values.push(value instanceof Date ? value.getTime() : value)
  }
  return { columns, values }
}

/** The values of a store row, in the column order of `STORE_COLUMNS`. */
export const STORE_COLUMNS =
  'id, name, comment, status, failure_reason, created_ms, last_modified_ms, etag, data_etag, item_count, total_size_bytes'

export function storeValues(r: KeyValueStoreRecord): (string | number | null)[] {
  return [
    r.id,
    r.name,
    r.comment,
    r.status,
    r.failureReason ?? null,
    r.created.getTime(),
    r.lastModified.getTime(),
    r.etag,
    r.dataEtag,
    r.itemCount,
    r.totalSizeInBytes,
  ]
}

export function toStoreRecord(row: StoreRow): KeyValueStoreRecord {
  return {
    id: row.id,
    name: row.name,
    comment: row.comment,
    status: row.status as KeyValueStoreStatus,
    ...(row.failure_reason === null ? {} : { failureReason: row.failure_reason }),
    created: new Date(row.created_ms),
    lastModified: new Date(row.last_modified_ms),
    etag: row.etag,
    dataEtag: row.data_etag,
    itemCount: row.item_count,
    totalSizeInBytes: row.total_size_bytes,
  }
}

// The log holds only what `appendChange` wrote: a kind with its payload, one `Change`.
export function toChangeRecord(row: ChangeRow): ChangeRecord {
  return {
    revision: row.revision,
    kind: row.kind,
    entityId: row.entity_id,
    payload: JSON.parse(row.payload) as unknown,
    committed: new Date(row.committed_ms),
  } as ChangeRecord
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

export function toFunctionRecord(row: FunctionRow): FunctionRecord {
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

export function toDistributionRecord(row: DistributionRow): DistributionRecord {
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

/** Every column of a function row but its name, in this order. */
export const FUNCTION_COLUMNS = `status, created_ms, dev_comment, dev_runtime, dev_code, dev_kvs_id, dev_etag,
      dev_modified_ms, live_comment, live_runtime, live_code, live_kvs_id, live_etag, live_modified_ms`

function stageValues(s: FunctionStageRecord | undefined): (string | number | null)[] {
  if (s === undefined) return [null, null, null, null, null, null]
  return [s.comment, s.runtime, s.code, s.keyValueStoreId ?? null, s.etag, s.lastModified.getTime()]
}

/** The values of `FUNCTION_COLUMNS`. */
export function functionValues(r: FunctionRecord): (string | number | null)[] {
  return [r.status, r.created.getTime(), ...stageValues(r.development), ...stageValues(r.live)]
}

/** Every column of a distribution row but its Id, in this order. */
export const DISTRIBUTION_COLUMNS =
  'caller_reference, domain_name, config, enabled, etag, created_ms, last_modified_ms, revision'

/** The values of `DISTRIBUTION_COLUMNS`. */
export function distributionValues(r: DistributionRecord): (string | number)[] {
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
