import type { KvsLimits } from '../../../kvs/index.js'
import type { TestResult } from '../../../runtime/index.js'
import type { SnapshotFunction } from '../../../sync/index.js'
import { ChangeKind } from '../../../sync/index.js'
import { CloudFrontError, ControlError } from '../../errors.js'
import type {
  FunctionRecord,
  FunctionStageRecord,
  StateReader,
  StateStore,
  StateTransaction,
} from '../../state/state-store.js'
import { associatedFunctionArnSet, distributionsUsingFunction } from '../distributions/distribution-usage.js'
import { checkName } from '../key-value-stores/kvs-checks.js'
import { newControlEtag } from '../shared/ids.js'
import { pageSize, toPage } from '../shared/page.js'
import {
  checkFunctionCode,
  checkFunctionConfig,
  checkStageIfMatch,
  DEFAULT_MAX_FUNCTIONS,
  type FunctionConfigInput,
} from './function-checks.js'
import { parseEventObject, runTest, type TestJobRunner, type TestRunOptions } from './function-test-run.js'
import {
  type FunctionStage,
  type FunctionView,
  functionArn,
  stageOf,
  toFunctionView,
} from './function-view.js'

export type { FunctionConfigInput } from './function-checks.js'
export type { FunctionStage, FunctionView } from './function-view.js'

export interface FunctionServiceOptions {
  state: StateStore
  accountId: string
  limits?: KvsLimits
  maxFunctions?: number
  /** Overrides the 10 KB code limit (operators only). */
  maxCodeBytes?: number
  /** The sandbox TestFunction uses; isolated-vm by default. */
  sandboxFactory?: TestRunOptions['sandboxFactory']
  /** Where TestFunction runs (the control plane's test runner process); in-process without. */
  testRunner?: TestJobRunner
  clock?: () => Date
}

/** TestFunction's outcome: the tested stage's summary and the run's TestResult. */
export interface FunctionTestResult {
  summary: FunctionView
  result: TestResult
}

/**
 * CloudFront Functions' control-plane operations (CloudFront API Reference). Create
 * and Update change DEVELOPMENT; Publish copies it to LIVE; each stage has its own ETag. Every
 * write appends its change (`function.updated`, `function.published`, `function.deleted`) in
 * the same transaction.
 */
export interface FunctionService {
  createFunction(input: { name: string; config: FunctionConfigInput; code: string }): Promise<FunctionView>
  /** `stage` defaults to DEVELOPMENT. */
  describeFunction(name: string, stage?: FunctionStage): Promise<FunctionView>
  getFunction(name: string, stage?: FunctionStage): Promise<{ code: string; etag: string }>
  /** `ifMatch` is the DEVELOPMENT ETag. */
  updateFunction(
    name: string,
    input: { config: FunctionConfigInput; code: string; ifMatch: string | undefined },
  ): Promise<FunctionView>
  /** Copies DEVELOPMENT to LIVE; `ifMatch` is the DEVELOPMENT ETag, which does not change. */
  publishFunction(name: string, input: { ifMatch: string | undefined }): Promise<FunctionView>
  /** Runs a stage on `eventObject` (JSON bytes); `ifMatch` is that stage's ETag. */
  testFunction(
    name: string,
    input: { stage?: FunctionStage; ifMatch: string | undefined; eventObject: Uint8Array },
  ): Promise<FunctionTestResult>
  /** Sorted by name; with `stage` LIVE only published functions, shown at LIVE; MaxItems 1–100. */
  listFunctions(options?: {
    marker?: string
    maxItems?: number
    stage?: FunctionStage
  }): Promise<{ items: FunctionView[]; nextMarker?: string }>
  /** `ifMatch` is the DEVELOPMENT or the LIVE ETag; FunctionInUse while a distribution uses it. */
  deleteFunction(name: string, input: { ifMatch: string | undefined }): Promise<void>
}

export function createFunctionService(options: FunctionServiceOptions): FunctionService {
  const { state, accountId } = options
  const clock = options.clock ?? (() => new Date())
  const maxFunctions = options.maxFunctions ?? DEFAULT_MAX_FUNCTIONS

  async function find(reader: Pick<StateReader, 'getFunction'>, name: string): Promise<FunctionRecord> {
    const record = await reader.getFunction(name)
    if (record === undefined) {
      throw new CloudFrontError('NoSuchFunctionExists', `The function ${name} does not exist.`)
    }
    return record
  }

  function stageOrThrow(record: FunctionRecord, stage: FunctionStage): FunctionStageRecord {
    const found = stageOf(record, stage)
    if (found === undefined) {
      throw new CloudFrontError(
        'NoSuchFunctionExists',
        `The function ${record.name} has not been published: it has no LIVE stage.`,
      )
    }
    return found
  }

  function checkStage(stage: string | undefined): FunctionStage {
    if (stage === undefined || stage === 'DEVELOPMENT') return 'DEVELOPMENT'
    if (stage === 'LIVE') return 'LIVE'
    throw new ControlError(
      'InvalidArgument',
      `Stage must be DEVELOPMENT or LIVE, not ${JSON.stringify(stage)}.`,
    )
  }

  /** The view of `record` at `stage`, its status telling whether a distribution uses it. */
  async function viewOf(
    reader: StateReader,
    record: FunctionRecord,
    stage: FunctionStage,
  ): Promise<FunctionView> {
    const inUse = (await distributionsUsingFunction(reader, functionArn(accountId, record.name))).length > 0
    return toFunctionView(accountId, record, stage, inUse)
  }

  function edgeFunction(name: string, stage: FunctionStageRecord): SnapshotFunction {
    return {
      arn: functionArn(accountId, name),
      name,
      runtime: stage.runtime,
      code: stage.code,
      ...(stage.keyValueStoreId === undefined ? {} : { keyValueStoreId: stage.keyValueStoreId }),
    }
  }

  async function writeDevelopment(
    name: string,
    config: FunctionConfigInput,
    code: string,
    write: (tx: StateTransaction, stage: FunctionStageRecord) => Promise<FunctionRecord>,
  ): Promise<FunctionView> {
    checkName(name)
    return state.transaction(async (tx) => {
      const checked = await checkFunctionConfig(tx, accountId, name, config)
      checkFunctionCode(code, checked.runtime, options.maxCodeBytes)
      const stage: FunctionStageRecord = { ...checked, code, etag: newControlEtag(), lastModified: clock() }
      const record = await write(tx, stage)
      // DEVELOPMENT changed: edges ignore it, history keeps it.
      await tx.appendChange({
        kind: ChangeKind.functionUpdated,
        payload: edgeFunction(name, stage),
      })
      return toFunctionView(accountId, record, 'DEVELOPMENT')
    })
  }

  return {
    async createFunction(input) {
      return writeDevelopment(input.name, input.config, input.code, async (tx, development) => {
        if ((await tx.getFunction(input.name)) !== undefined) {
          throw new CloudFrontError('FunctionAlreadyExists', `A function named ${input.name} already exists.`)
        }
        if ((await tx.countFunctions()) >= maxFunctions) {
          throw new CloudFrontError('TooManyFunctions', `This account already has ${maxFunctions} functions.`)
        }
        const record: FunctionRecord = {
          name: input.name,
          status: 'UNPUBLISHED',
          created: development.lastModified,
          development,
        }
        await tx.insertFunction(record)
        return record
      })
    },

    async describeFunction(name, stage) {
      const s = checkStage(stage)
      const record = await find(state, name)
      stageOrThrow(record, s)
      return viewOf(state, record, s)
    },

    async getFunction(name, stage) {
      const found = stageOrThrow(await find(state, name), checkStage(stage))
      return { code: found.code, etag: found.etag }
    },

    async updateFunction(name, input) {
      return writeDevelopment(name, input.config, input.code, async (tx, development) => {
        const current = await find(tx, name)
        checkStageIfMatch(current.development, input.ifMatch)
        const record: FunctionRecord = { ...current, status: 'UNPUBLISHED', development }
        await tx.replaceFunction(record)
        return record
      })
    },

    async publishFunction(name, input) {
      return state.transaction(async (tx) => {
        const current = await find(tx, name)
        checkStageIfMatch(current.development, input.ifMatch)
        const live: FunctionStageRecord = {
          ...current.development,
          etag: newControlEtag(),
          lastModified: clock(),
        }
        const record: FunctionRecord = { ...current, status: 'UNASSOCIATED', live }
        await tx.replaceFunction(record)
        await tx.appendChange({
          kind: ChangeKind.functionPublished,
          payload: edgeFunction(name, live),
        })
        return viewOf(tx, record, 'LIVE')
      })
    },

    async testFunction(name, input) {
      const stage = checkStage(input.stage)
      const record = await find(state, name)
      const tested = stageOrThrow(record, stage)
      checkStageIfMatch(tested, input.ifMatch)
      const event = parseEventObject(input.eventObject)
      const result = await runTest(state, tested, event, {
        name,
        ...(options.limits === undefined ? {} : { limits: options.limits }),
        ...(options.maxCodeBytes === undefined ? {} : { maxCodeBytes: options.maxCodeBytes }),
        ...(options.sandboxFactory === undefined ? {} : { sandboxFactory: options.sandboxFactory }),
        ...(options.testRunner === undefined ? {} : { runner: options.testRunner }),
      })
      return { summary: await viewOf(state, record, stage), result }
    },

    async listFunctions(listOptions = {}) {
      const { maxItems, limit } = pageSize(listOptions.maxItems)
      const stage = listOptions.stage === undefined ? undefined : checkStage(listOptions.stage)
      const rows = await state.listFunctions({
        limit,
        ...(listOptions.marker ? { afterName: listOptions.marker } : {}),
        ...(stage === 'LIVE' ? { liveOnly: true } : {}),
      })
      const associated = await associatedFunctionArnSet(state)
      return toPage(
        rows,
        maxItems,
        (r) => r.name,
        (r) =>
          toFunctionView(
            accountId,
            r,
            stage ?? 'DEVELOPMENT',
            associated.has(functionArn(accountId, r.name)),
          ),
      )
    },

    async deleteFunction(name, input) {
      await state.transaction(async (tx) => {
        const current = await find(tx, name)
        if (input.ifMatch === undefined || input.ifMatch === '' || input.ifMatch !== current.live?.etag) {
          checkStageIfMatch(current.development, input.ifMatch)
        }
        const arn = functionArn(accountId, name)
        const users = await distributionsUsingFunction(tx, arn)
        if (users.length > 0) {
          throw new CloudFrontError(
            'FunctionInUse',
            `The function ${name} is associated with the distribution ${users.join(', ')}.`,
          )
        }
        await tx.deleteFunction(name)
        await tx.appendChange({
          kind: ChangeKind.functionDeleted,
          payload: { arn, name },
        })
      })
    },
  }
}
