import type { KeyValueStoreReader } from '../../src/kvs/memory-store.js'
import type {
  CfEvent,
  CloudFrontFunction,
  RuntimeLimits,
  RuntimeName,
  SandboxFactory,
} from '../../src/runtime/index.js'
import { loadFunction, type RunOptions, runFunction, type TestResult } from '../../src/runtime/index.js'
// The engine the conformance suites run on; another Sandbox gets its own runner from codeRunner.
import { createIsolatedVmSandbox } from '../../src/runtime/sandbox/isolated-vm-sandbox.js'
import { viewerRequestEvent } from './events.js'

export interface RunCodeOptions {
  runtime?: RuntimeName
  event?: CfEvent
  keyValueStore?: KeyValueStoreReader
  limits?: Partial<RuntimeLimits>
  times?: number
  run?: RunOptions
}

/** Loading and running function code on one Sandbox implementation. */
export interface CodeRunner {
  /** Loads `code` on this runner's sandbox; the caller disposes it. */
  load(code: string, options?: Omit<RunCodeOptions, 'event' | 'times' | 'run'>): CloudFrontFunction
  /** Loads `code`, runs it `times` times (default 1) on the event, disposes it, returns every result. */
  runCodeTimes(code: string, options?: RunCodeOptions): TestResult[]
  runCode(code: string, options?: RunCodeOptions): TestResult
}

/** A runner whose functions are hosted by the sandboxes `sandboxFactory` makes. */
export function codeRunner(sandboxFactory: SandboxFactory): CodeRunner {
  const load: CodeRunner['load'] = (code, options = {}) =>
    loadFunction({
      code,
      runtime: options.runtime ?? 'cloudfront-js-2.0',
      keyValueStore: options.keyValueStore,
      limits: options.limits,
      sandboxFactory,
    })
  const runCodeTimes: CodeRunner['runCodeTimes'] = (code, options = {}) => {
    const fn = load(code, options)
    try {
      const results: TestResult[] = []
      for (let i = 0; i < (options.times ?? 1); i++) {
        results.push(runFunction(fn, options.event ?? viewerRequestEvent('/'), options.run))
      }
      return results
    } finally {
      fn.dispose()
    }
  }
  const runCode: CodeRunner['runCode'] = (code, options = {}) => runCodeTimes(code, options)[0] as TestResult
  return { load, runCodeTimes, runCode }
}

const isolatedVm = codeRunner(createIsolatedVmSandbox)

/** Loads `code` on the isolated-vm sandbox, runs it `times` times, disposes it, returns every result. */
export function runCodeTimes(code: string, options: RunCodeOptions = {}): TestResult[] {
  return isolatedVm.runCodeTimes(code, options)
}

export function runCode(code: string, options: RunCodeOptions = {}): TestResult {
  return isolatedVm.runCode(code, options)
}

/** The text body of the response a function generated; throws if it generated none. */
export function bodyOf(result: TestResult): string {
  if (result.errorMessage !== undefined) throw new Error(`function failed: ${result.errorMessage}`)
  const output = result.output
  if (output === undefined || !('response' in output)) throw new Error('function returned no response')
  const body = output.response.body
  if (typeof body === 'string') return body
  if (body === undefined) throw new Error('response has no body')
  return body.data
}

/** A handler that returns `String(expression)` as its response body text. */
export function returning(expression: string, prelude = ''): string {
  return `${prelude}
function handler(event) {
  return { statusCode: 200, body: String(${expression}) };
}`
}
