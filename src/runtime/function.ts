import type { KeyValueStoreReader } from '../kvs/index.js'
import type { RuntimeName } from './code/limits.js'
import { prepareCode, wrapFactory } from './code/validate.js'
import { EventError } from './event/errors.js'
import { eventRawQueryString } from './event/query.js'
import type { CfEvent, CfRequestOutput, CfResponse, CheckedOutput } from './event/types.js'
import { checkOutputShape, validateForViewer } from './event/validate.js'
import { createIsolatedVmSandbox } from './sandbox/isolated-vm-sandbox.js'
import {
  DEFAULT_RUNTIME_LIMITS,
  type EdgeLocation,
  type RuntimeLimits,
  type Sandbox,
  type SandboxFactory,
} from './sandbox/sandbox.js'

export interface LoadFunctionOptions {
  code: string
  runtime: RuntimeName
  /** The one store associated with the function, read by `cf.kvs()`. */
  keyValueStore?: KeyValueStoreReader
  /** Used in error positions ("<name>.js"). */
  name?: string
  edgeLocation?: EdgeLocation
  limits?: Partial<RuntimeLimits>
  /** The engine; isolated-vm unless a test or an operator chooses another. */
  sandboxFactory?: SandboxFactory
  /** Override the 10 KB code limit (operators only; the default stays compatible). */
  maxCodeBytes?: number
}

/** What `FunctionOutput` holds: the request to continue with, or the response to send. */
export type FunctionOutput = { request: CfRequestOutput } | { response: CfResponse }

/** An origin change recorded by `cf.updateRequestOrigin` and friends. */
export type OriginChange =
  | { type: 'updateRequestOrigin'; params: Record<string, unknown> }
  | { type: 'selectRequestOriginById'; originId: string; params: Record<string, unknown> }
  | { type: 'createRequestOriginGroup'; params: Record<string, unknown> }

/** The shape of CloudFront's TestResult, as plain data. */
export interface TestResult extends Omit<FunctionRun, 'output' | 'stoppedFor'> {
  output: FunctionOutput | undefined
}

export interface RunOptions {
  /** The invocation's start time, what `Date` returns; now by default. */
  nowMs?: number
  /**
   * What `request.rawQueryString()` returns; by default the query the edge received, or one
   * rebuilt from `event.request.querystring` for a test event.
   */
  rawQueryString?: string
}

/** A function compiled and validated, ready to run; dispose it when it is replaced. */
export class CloudFrontFunction {
  readonly name: string
  readonly runtime: RuntimeName
  readonly codeBytes: number
  readonly limits: RuntimeLimits
  readonly #sandbox: Sandbox

  constructor(
    name: string,
    runtime: RuntimeName,
    codeBytes: number,
    limits: RuntimeLimits,
    sandbox: Sandbox,
  ) {
    this.name = name
    this.runtime = runtime
    this.codeBytes = codeBytes
    this.limits = limits
    this.#sandbox = sandbox
  }

  /** @internal for runFunction */
  get sandbox(): Sandbox {
    return this.#sandbox
  }

  /** The memory its sandbox holds now, in bytes (`Sandbox.memoryBytes`). */
  memoryBytes(): number {
    return this.#sandbox.memoryBytes()
  }

  dispose(): void {
    this.#sandbox.dispose()
  }
}

const DEFAULT_EDGE_LOCATION: EdgeLocation = Object.freeze({
  name: 'LOCAL',
  serverIp: '127.0.0.1',
  region: 'local',
})

/**
 * Validates `code` for its runtime version (size, syntax, features; throws CodeError with line
 * and column) and compiles it into its own sandbox.
 */
export function loadFunction(options: LoadFunctionOptions): CloudFrontFunction {
  const prepared = prepareCode(options.code, options.runtime, { maxCodeBytes: options.maxCodeBytes })
  const { source, lineOffset } = wrapFactory(prepared)
  const limits: RuntimeLimits = { ...DEFAULT_RUNTIME_LIMITS, ...options.limits }
  const name = options.name ?? 'function'
  const sandbox = (options.sandboxFactory ?? createIsolatedVmSandbox)({
    runtime: options.runtime,
    source,
    lineOffset,
    filename: `${name}.js`,
    keyValueStore: options.keyValueStore,
    edgeLocation: options.edgeLocation ?? DEFAULT_EDGE_LOCATION,
    limits,
  })
  return new CloudFrontFunction(name, options.runtime, prepared.bytes, limits, sandbox)
}

/**
 * One run of a function as the edge needs it: the checked output (`kind` request or response),
 * or why there is none.
 */
export interface FunctionRun {
  output: CheckedOutput | undefined
  errorMessage: string | undefined
  /**
   * Why there is no output: the function threw, overran or never settled (`execution`: a 503
   * at the edge), or returned something that is not a request or response (`invalid-output`: a 502).
   */
  errorKind: 'execution' | 'invalid-output' | undefined
  /**
   * The sandbox stopped the run: it overran its compute budget (`compute`) or its memory
   * (`memory`). CloudFront counts these as throttles.
   */
  stoppedFor: 'compute' | 'memory' | undefined
  logs: string[]
  /** 0-100: CPU time against the budget. */
  computeUtilization: number
  originChange: OriginChange | undefined
}

/**
 * Runs the handler once on `event` with fresh state. Whatever the function does (throw, loop,
 * exhaust its memory, return nonsense or a result the edge refuses) comes back as a TestResult
 * with `errorMessage`.
 */
export function runFunction(fn: CloudFrontFunction, event: CfEvent, options: RunOptions = {}): TestResult {
  const { stoppedFor: _stopped, ...run } = invokeFunction(fn, event, options)
  const checked = run.output
  const output: FunctionOutput | undefined =
    checked === undefined
      ? undefined
      : checked.kind === 'request'
        ? { request: checked.request }
        : { response: checked.response }
  return { ...run, output }
}

/**
 * `runFunction` without the TestResult shape: what the edge calls on every request. The output
 * is checked for its shape and against the edge's rules (`validateForViewer`); one that breaks
 * them is no output, with `errorKind` `invalid-output` and the problem as `errorMessage`.
 */
export function invokeFunction(
  fn: CloudFrontFunction,
  event: CfEvent,
  options: RunOptions = {},
): FunctionRun {
  const eventType = event.context.eventType
  const outcome = fn.sandbox.invoke({
    eventJson: JSON.stringify(event),
    eventType,
    nowMs: options.nowMs ?? Date.now(),
    rawQueryString: 'rawQueryString' in options ? options.rawQueryString : eventRawQueryString(event),
  })
  const budgetNs = fn.limits.cpuBudgetMs * 1e6
  const computeUtilization = Math.min(100, Math.max(0, Math.ceil((outcome.cpuNs / budgetNs) * 100)))
  if (outcome.kind !== 'returned') {
    return {
      output: undefined,
      errorMessage: outcome.message,
      errorKind: 'execution',
      stoppedFor:
        outcome.kind === 'timed-out' ? 'compute' : outcome.kind === 'out-of-memory' ? 'memory' : undefined,
      logs: outcome.logs,
      computeUtilization,
      originChange: undefined,
    }
  }
  try {
    const value = outcome.resultJson === undefined ? undefined : JSON.parse(outcome.resultJson)
    const output = checkOutputShape(eventType, value)
    // The edge's rules, here so that TestFunction reports what the edge would refuse.
    const problem = validateForViewer(eventType, event, output)
    if (problem !== null) throw new EventError('InvalidOutput', problem)
    const originChange =
      outcome.originChangeJson === undefined
        ? undefined
        : (JSON.parse(outcome.originChangeJson) as OriginChange)
    return {
      output,
      errorMessage: undefined,
      errorKind: undefined,
      stoppedFor: undefined,
      logs: outcome.logs,
      computeUtilization,
      originChange,
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return {
      output: undefined,
      errorMessage: message,
      errorKind: 'invalid-output',
      stoppedFor: undefined,
      logs: outcome.logs,
      computeUtilization,
      originChange: undefined,
    }
  }
}
