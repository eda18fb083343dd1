import { CodeError, isRuntimeName, prepareCode } from '../../../runtime/index.js'
import { CloudFrontError, ControlError } from '../../errors.js'
import type { FunctionRuntimeName, FunctionStageRecord, StateReader } from '../../state/state-store.js'
import { checkComment } from '../key-value-stores/kvs-checks.js'
import { parseKeyValueStoreArn } from '../shared/arn.js'

/** CloudFront's default quota of functions per account ('Quotas on CloudFront Functions'). */
export const DEFAULT_MAX_FUNCTIONS = 100
/** Functions that may share one key value store ('Quotas on key value stores'). */
export const MAX_FUNCTIONS_PER_KEY_VALUE_STORE = 10

/** `FunctionConfig` as the services take it. */
export interface FunctionConfigInput {
  comment: string
  runtime: string
  /** `KeyValueStoreAssociations`: at most one ARN. */
  keyValueStoreArns: readonly string[]
}

/** A checked `FunctionConfig`: the runtime is known, the store exists. */
export interface CheckedFunctionConfig {
  comment: string
  runtime: FunctionRuntimeName
  keyValueStoreId?: string
}

/**
 * Checks a `FunctionConfig` inside the write's transaction: comment length, a known runtime, at
 * most one store association, only on cloudfront-js-2.0, which must name an existing store of
 * this account used by fewer than 10 other functions. Everything refused is InvalidArgument (CreateFunction and
 * UpdateFunction model no other error for it).
 */
export async function checkFunctionConfig(
  reader: StateReader,
  accountId: string,
  name: string,
  config: FunctionConfigInput,
): Promise<CheckedFunctionConfig> {
  const comment = checkComment(config.comment)
  if (!isRuntimeName(config.runtime)) {
    throw new ControlError(
      'InvalidArgument',
      `Runtime must be cloudfront-js-1.0 or cloudfront-js-2.0, not ${JSON.stringify(config.runtime)}.`,
    )
  }
  if (config.keyValueStoreArns.length > 1) {
    throw new ControlError(
      'InvalidArgument',
      'A function can be associated with at most one key value store.',
    )
  }
  const arn = config.keyValueStoreArns[0]
  if (arn === undefined) return { comment, runtime: config.runtime }
  // Only the 2.0 runtime has the `cloudfront` module that reads a store (AWS, "Associate a key
  // value store with a function"); the API models no other error than InvalidArgument for it.
  if (config.runtime !== 'cloudfront-js-2.0') {
    throw new ControlError(
      'InvalidArgument',
      `A key value store can be associated only with a cloudfront-js-2.0 function, not ${config.runtime}.`,
    )
  }
  const parsed = parseKeyValueStoreArn(arn)
  if (parsed === undefined || parsed.accountId !== accountId) {
    throw new ControlError(
      'InvalidArgument',
      `KeyValueStoreARN ${JSON.stringify(arn)} is not a key value store of this account.`,
    )
  }
  const store = await reader.getKeyValueStore({ id: parsed.id })
  if (store === undefined) {
    throw new ControlError('InvalidArgument', `The key value store ${arn} does not exist.`)
  }
  const users = (await reader.listFunctionsUsingKeyValueStore(store.id)).filter((user) => user !== name)
  if (users.length >= MAX_FUNCTIONS_PER_KEY_VALUE_STORE) {
    throw new ControlError(
      'InvalidArgument',
      `The key value store ${arn} is already associated with ${MAX_FUNCTIONS_PER_KEY_VALUE_STORE} functions.`,
    )
  }
  return { comment, runtime: config.runtime, keyValueStoreId: store.id }
}

/**
 * Validates code for its runtime without running it: over the size limit
 * is FunctionSizeLimitExceeded (413); a syntax error, an unsupported feature, no handler or an
 * unknown module is InvalidArgument with the line and column.
 */
export function checkFunctionCode(code: string, runtime: FunctionRuntimeName, maxCodeBytes?: number): void {
  try {
    prepareCode(code, runtime, { maxCodeBytes })
  } catch (error) {
    if (!(error instanceof CodeError)) throw error
    if (error.code === 'FunctionSizeLimitExceeded') {
      throw new CloudFrontError('FunctionSizeLimitExceeded', `${error.message}.`, { cause: error })
    }
    throw new ControlError('InvalidArgument', `The function code is not valid: ${error.message}`, {
      cause: error,
    })
  }
}

/** `If-Match` against one stage's ETag: missing → InvalidIfMatchVersion, stale → PreconditionFailed. */
export function checkStageIfMatch(stage: FunctionStageRecord, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch === '') {
    throw new ControlError(
      'InvalidIfMatchVersion',
      'The If-Match version is missing or not valid for the resource.',
    )
  }
  if (ifMatch !== stage.etag) {
    throw new ControlError('PreconditionFailed', 'The If-Match ETag is not the current one of the function.')
  }
}
