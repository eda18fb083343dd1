import { VergeError } from '../../../shared/index.js'
import type { FunctionRecord, FunctionRuntimeName, FunctionStageRecord } from '../../state/state-store.js'
import { keyValueStoreArn } from '../shared/arn.js'

export type FunctionStage = 'DEVELOPMENT' | 'LIVE'

/** `arn:aws:cloudfront::<account>:function/<Name>`. */
export function functionArn(accountId: string, name: string): string {
  return `arn:aws:cloudfront::${accountId}:function/${name}`
}

const FUNCTION_ARN = /^arn:aws:cloudfront::(\d{12}):function\/([a-zA-Z0-9_-]{1,64})$/

/** Splits a function ARN; `undefined` when it is not one. */
export function parseFunctionArn(arn: string): { accountId: string; name: string } | undefined {
  const match = FUNCTION_ARN.exec(arn)
  return match === null ? undefined : { accountId: match[1]!, name: match[2]! }
}

/** One stage of a function as the services return it: CloudFront's `FunctionSummary` plus its ETag. */
export interface FunctionView {
  name: string
  arn: string
  /** `UNPUBLISHED`, `UNASSOCIATED` or `DEPLOYED` (docs/compatibility.md). */
  status: string
  stage: FunctionStage
  comment: string
  runtime: FunctionRuntimeName
  /** Zero or one ARN. */
  keyValueStoreArns: string[]
  created: Date
  lastModified: Date
  /** The stage's ETag. */
  etag: string
}

/** The record's `stage`, or `undefined` when it has none (LIVE before the first publish). */
export function stageOf(record: FunctionRecord, stage: FunctionStage): FunctionStageRecord | undefined {
  return stage === 'LIVE' ? record.live : record.development
}

/**
 * CloudFront's `FunctionSummary.Status`: a published function without unpublished changes is
 * `DEPLOYED` while a distribution associates it, `UNASSOCIATED` otherwise; the stored status
 * (`UNPUBLISHED`) otherwise.
 */
export function functionStatus(record: FunctionRecord, associated: boolean): string {
  return record.status === 'UNASSOCIATED' && associated ? 'DEPLOYED' : record.status
}

/** `associated`: whether a distribution uses the function (its ARN), for `status`. */
export function toFunctionView(
  accountId: string,
  record: FunctionRecord,
  stage: FunctionStage,
  associated = false,
): FunctionView {
  const s = stageOf(record, stage)
  // Callers ask only for a stage the record has: a miss is a bug, which every API answers as Internal.
  if (s === undefined)
    throw new VergeError('StageMissing', `The function ${record.name} has no ${stage} stage.`)
  return {
    name: record.name,
    arn: functionArn(accountId, record.name),
    status: functionStatus(record, associated),
    stage,
    comment: s.comment,
    runtime: s.runtime,
    keyValueStoreArns:
      s.keyValueStoreId === undefined ? [] : [keyValueStoreArn(accountId, s.keyValueStoreId)],
    created: record.created,
    lastModified: s.lastModified,
    etag: s.etag,
  }
}
