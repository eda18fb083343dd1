import { DEFAULT_KVS_LIMITS, type KvsLimits, MemoryKeyValueStore } from '../../../kvs/index.js'
import type { CfEvent } from '../../../runtime/index.js'
import {
  CodeError,
  EventError,
  type LoadFunctionOptions,
  loadFunction,
  normalizeTestEvent,
  runFunction,
  type TestResult,
} from '../../../runtime/index.js'
import { decodeUtf8Strict } from '../../../shared/index.js'
import { CloudFrontError, ControlError } from '../../errors.js'
import type { FunctionStageRecord, StateReader } from '../../state/state-store.js'

/** `EventObject` is a blob of at most 40,960 bytes (CloudFront API Reference, TestFunction). */
export const MAX_EVENT_OBJECT_BYTES = 40_960

const PAGE = 1000

/** Parses TestFunction's `EventObject` (JSON bytes) into a complete event; InvalidArgument otherwise. */
export function parseEventObject(bytes: Uint8Array): CfEvent {
  if (bytes.byteLength > MAX_EVENT_OBJECT_BYTES) {
    throw new ControlError('InvalidArgument', `EventObject must be at most ${MAX_EVENT_OBJECT_BYTES} bytes.`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(decodeUtf8Strict(bytes))
  } catch {
    throw new ControlError('InvalidArgument', 'EventObject must be a JSON document in UTF-8.')
  }
  try {
    return normalizeTestEvent(parsed)
  } catch (error) {
    if (error instanceof EventError) {
      throw new ControlError('InvalidArgument', `EventObject is not a valid event: ${error.message}`)
    }
    throw error
  }
}

/** A store's data as a test run needs it: plain data, so that it can cross to another process. */
export interface TestJobStore {
  id: string
  created: Date
  lastUpdated: Date
  limits: KvsLimits
  entries: [string, string][]
}

/** Everything one TestFunction run needs, as plain data (see `test-runner/`). */
export interface TestJob {
  code: string
  runtime: FunctionStageRecord['runtime']
  name: string
  maxCodeBytes?: number
  store?: TestJobStore
  event: CfEvent
}

/** A run's outcome: the TestResult, or why the code could not even load (TestFunctionFailed). */
export type TestJobOutcome = { result: TestResult } | { loadError: string }

/** Runs test jobs somewhere else (a child process); `runTest` runs them in-process without one. */
export interface TestJobRunner {
  run(job: TestJob): Promise<TestJobOutcome>
}

/** The associated store's current data, read from state, as the runtime reads it. */
async function loadStore(
  reader: StateReader,
  storeId: string,
  limits: KvsLimits,
): Promise<TestJobStore | undefined> {
  const record = await reader.getKeyValueStore({ id: storeId })
  if (record === undefined) return undefined
  const entries: [string, string][] = []
  let after: string | undefined
  for (;;) {
    const page = await reader.listKeys(record.id, { ...(after === undefined ? {} : { after }), limit: PAGE })
    for (const entry of page) entries.push([entry.key, entry.value])
    if (page.length < PAGE) break
    after = page[page.length - 1]?.key
  }
  return { id: record.id, created: record.created, lastUpdated: record.lastModified, limits, entries }
}

function storeOf(data: TestJobStore): MemoryKeyValueStore {
  // The stored data was validated by the store's own (possibly raised) limits: take it as is.
  const store = new MemoryKeyValueStore({
    id: data.id,
    created: data.created,
    lastUpdated: data.lastUpdated,
    limits: {
      ...data.limits,
      maxStoreBytes: Number.POSITIVE_INFINITY,
      maxKeyBytes: Number.POSITIVE_INFINITY,
      maxValueBytes: Number.POSITIVE_INFINITY,
    },
  })
  store.replaceAll(data.entries, data.lastUpdated)
  return store
}

export interface TestRunOptions {
  name: string
  limits?: KvsLimits
  maxCodeBytes?: number
  /** The engine, for tests; isolated-vm by default. Given, the run is in this process. */
  sandboxFactory?: LoadFunctionOptions['sandboxFactory']
  /** Where runs happen (the control plane's test runner process); in this process without. */
  runner?: TestJobRunner
}

/** Reads what a run of `stage` on `event` needs from state. */
export async function prepareTestJob(
  reader: StateReader,
  stage: FunctionStageRecord,
  event: CfEvent,
  options: Pick<TestRunOptions, 'name' | 'limits' | 'maxCodeBytes'>,
): Promise<TestJob> {
  const store =
    stage.keyValueStoreId === undefined
      ? undefined
      : await loadStore(reader, stage.keyValueStoreId, options.limits ?? DEFAULT_KVS_LIMITS)
  return {
    code: stage.code,
    runtime: stage.runtime,
    name: options.name,
    ...(options.maxCodeBytes === undefined ? {} : { maxCodeBytes: options.maxCodeBytes }),
    ...(store === undefined ? {} : { store }),
    event,
  }
}

/**
 * Runs a test job in a fresh sandbox, then disposes the sandbox. What the function does wrong
 * (throws, overruns, returns nonsense) is in the result's `errorMessage`; code that cannot even
 * load is a `loadError`.
 */
export function executeTestJob(
  job: TestJob,
  sandboxFactory?: LoadFunctionOptions['sandboxFactory'],
): TestJobOutcome {
  let fn: ReturnType<typeof loadFunction>
  try {
    fn = loadFunction({
      code: job.code,
      runtime: job.runtime,
      name: job.name,
      ...(job.store === undefined ? {} : { keyValueStore: storeOf(job.store) }),
      ...(job.maxCodeBytes === undefined ? {} : { maxCodeBytes: job.maxCodeBytes }),
      ...(sandboxFactory === undefined ? {} : { sandboxFactory }),
    })
  } catch (error) {
    return { loadError: error instanceof CodeError || error instanceof Error ? error.message : String(error) }
  }
  try {
    // A fresh isolate compiles the code on its first call; an edge runs it warm. Functions have
    // no side effects, so a first run that succeeds is discarded and the second one reported,
    // and its ComputeUtilization is what the function costs at the edge.
    const first = runFunction(fn, job.event)
    return { result: first.errorMessage === undefined ? runFunction(fn, job.event) : first }
  } finally {
    fn.dispose()
  }
}

/**
 * Runs one stage of a function on `event` with the associated store's current data: through
 * `options.runner` (a separate process) when there is one and no `sandboxFactory`, else here.
 * Only a function that cannot even load is TestFunctionFailed.
 */
export async function runTest(
  reader: StateReader,
  stage: FunctionStageRecord,
  event: CfEvent,
  options: TestRunOptions,
): Promise<TestResult> {
  const job = await prepareTestJob(reader, stage, event, options)
  const outcome =
    options.runner !== undefined && options.sandboxFactory === undefined
      ? await options.runner.run(job)
      : executeTestJob(job, options.sandboxFactory)
  if ('loadError' in outcome)
    throw new CloudFrontError('TestFunctionFailed', `The CloudFront function failed: ${outcome.loadError}`)
  return outcome.result
}
