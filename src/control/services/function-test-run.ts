import { DEFAULT_KVS_LIMITS, type KvsLimits } from '../../kvs/limits.js'
import { MemoryKeyValueStore } from '../../kvs/memory-store.js'
import { CodeError } from '../../runtime/code-errors.js'
import { EventError } from '../../runtime/event-errors.js'
import { normalizeTestEvent } from '../../runtime/event-normalize.js'
import type { CfEvent } from '../../runtime/event-types.js'
import {
  type LoadFunctionOptions,
  loadFunction,
  runFunction,
  type TestResult,
} from '../../runtime/function.js'
import { decodeUtf8Strict } from '../../shared/utf8.js'
import { CloudFrontError, ControlError } from '../errors.js'
import type { FunctionStageRecord, StateReader } from '../state/state-store.js'

/** `EventObject` is a blob of at most 40,960 bytes (spec/runtime.md 4). */
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

/** The associated store's current data, read from state, as the runtime reads it. */
async function loadStore(
  reader: StateReader,
  storeId: string,
  limits: KvsLimits,
): Promise<MemoryKeyValueStore | undefined> {
  const record = await reader.getKeyValueStore({ id: storeId })
  if (record === undefined) return undefined
  // The stored data was validated by the store's own (possibly raised) limits: take it as is.
  const store = new MemoryKeyValueStore({
    id: record.id,
    created: record.created,
    lastUpdated: record.lastModified,
    limits: {
      ...limits,
      maxStoreBytes: Number.POSITIVE_INFINITY,
      maxKeyBytes: Number.POSITIVE_INFINITY,
      maxValueBytes: Number.POSITIVE_INFINITY,
    },
  })
  const entries: [string, string][] = []
  let after: string | undefined
  for (;;) {
    const page = await reader.listKeys(record.id, { ...(after === undefined ? {} : { after }), limit: PAGE })
    for (const entry of page) entries.push([entry.key, entry.value])
    if (page.length < PAGE) break
    after = page[page.length - 1]?.key
  }
  store.replaceAll(entries, record.lastModified)
  return store
}

export interface TestRunOptions {
  name: string
  limits?: KvsLimits
  maxCodeBytes?: number
  /** The engine, for tests; isolated-vm by default. */
  sandboxFactory?: LoadFunctionOptions['sandboxFactory']
}

/**
 * Runs one stage of a function on `event` in a fresh sandbox with the associated store's
 * current data, then disposes the sandbox. What the function does wrong (throws, overruns,
 * returns nonsense) is in the result's `errorMessage`; only a function that cannot even load is
 * TestFunctionFailed.
 */
export async function runTest(
  reader: StateReader,
  stage: FunctionStageRecord,
  event: CfEvent,
  options: TestRunOptions,
): Promise<TestResult> {
  const keyValueStore =
    stage.keyValueStoreId === undefined
      ? undefined
      : await loadStore(reader, stage.keyValueStoreId, options.limits ?? DEFAULT_KVS_LIMITS)
  let fn: ReturnType<typeof loadFunction>
  try {
    fn = loadFunction({
      code: stage.code,
      runtime: stage.runtime,
      name: options.name,
      ...(keyValueStore === undefined ? {} : { keyValueStore }),
      ...(options.maxCodeBytes === undefined ? {} : { maxCodeBytes: options.maxCodeBytes }),
      ...(options.sandboxFactory === undefined ? {} : { sandboxFactory: options.sandboxFactory }),
    })
  } catch (error) {
    const detail = error instanceof CodeError || error instanceof Error ? error.message : String(error)
    throw new CloudFrontError('TestFunctionFailed', `The CloudFront function failed: ${detail}`, {
      cause: error,
    })
  }
  try {
    // A fresh isolate compiles the code on its first call; an edge runs it warm. Functions have
    // no side effects, so a first run that succeeds is discarded and the second one reported,
    // and its ComputeUtilization is what the function costs at the edge.
    const first = runFunction(fn, event)
    return first.errorMessage === undefined ? runFunction(fn, event) : first
  } finally {
    fn.dispose()
  }
}
