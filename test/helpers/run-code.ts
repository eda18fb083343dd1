import type { KeyValueStoreReader } from '../../src/kvs/memory-store.js'
import type { CfEvent, RuntimeLimits, RuntimeName } from '../../src/runtime/index.js'
import { loadFunction, type RunOptions, runFunction, type TestResult } from '../../src/runtime/index.js'
import { viewerRequestEvent } from './events.js'

export interface RunCodeOptions {
  runtime?: RuntimeName
  event?: CfEvent
  keyValueStore?: KeyValueStoreReader
  limits?: Partial<RuntimeLimits>
  times?: number
  run?: RunOptions
}

/** Loads `code`, runs it `times` times (default 1) on the event, disposes it, returns every result. */
export function runCodeTimes(code: string, options: RunCodeOptions = {}): TestResult[] {
  const fn = loadFunction({
    code,
    runtime: options.runtime ?? 'cloudfront-js-2.0',
    keyValueStore: options.keyValueStore,
    limits: options.limits,
  })
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

export function runCode(code: string, options: RunCodeOptions = {}): TestResult {
  return runCodeTimes(code, options)[0] as TestResult
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
