// Guest code: injected into the isolate with Function.prototype.toString(); self-contained.
import type { InvocationState } from './invocation-state.js'

/** Reports the end of one invocation to the host, exactly once. */
export type DoneCallback = (
  kind: 'returned' | 'threw',
  payload: string | undefined,
  logsJson: string | undefined,
  originChangeJson: string | undefined,
) => void

/**
 * Builds `invokeBatch(batch)`: `batch` holds one invocation per line, each the JSON array
 * `[nowMs, eventType, rawQueryString or null, event]`. For each in turn it calls the factory
 * (fresh top-level bindings for every request), then `handler(event)`, awaits a promise, and
 * reports the result through `done` before the next one starts, so that no two invocations
 * share `Date`, logs or the origin change. An invocation whose promise is still pending once
 * nothing is left to run (it never settles) ends the batch; the host starts the rest again. A
 * late settlement of an earlier invocation is ignored.
 */
export function createInvoker(
  factory: (importModule: (name: string) => unknown, require: (name: string) => unknown) => unknown,
  importModule: (name: string) => unknown,
  requireModule: (name: string) => unknown,
  state: InvocationState,
  setNow: (nowMs: number) => void,
  done: DoneCallback,
  withRawQueryString: boolean,
  filename: string,
) {
  const stringify = JSON.stringify
  const parse = JSON.parse
  const location = new RegExp(`${filename.replace(/[.]/g, '\\.')}:(\\d+):(\\d+)`)
  let current = 0

  // "TypeError: x is not a function (line 4, column 12)"; never throws.
  const describe = (error: unknown): string => {
    try {
      if (error instanceof Error) {
        const where = typeof error.stack === 'string' ? location.exec(error.stack) : null
        const text = `${error.name}: ${error.message}`
        return where === null ? text : `${text} (line ${where[1]}, column ${where[2]})`
      }
      return `Uncaught ${typeof error === 'string' ? error : (stringify(error) ?? String(error))}`
    } catch {
      return 'Uncaught exception'
    }
  }
  const logsJson = () => (state.logs.length === 0 ? undefined : stringify(state.logs))
  const originJson = () => (state.originChange === undefined ? undefined : stringify(state.originChange))

  let currentRawQs: string | undefined
  // One function for every request's event: frozen, so that it carries nothing between them.
  const rawQueryString = Object.freeze(() => currentRawQs)
  // Each returns whether it settled the current invocation (false for a late settlement).
  const fail = (token: number, error: unknown): boolean => {
    if (token !== current) return false
    current++
    done('threw', describe(error), logsJson(), undefined)
    return true
  }
  const succeed = (token: number, value: unknown): boolean => {
    if (token !== current) return false
    let json: string | undefined
    try {
      json = stringify(value)
    } catch (error) {
      return fail(token, error)
    }
    current++
    done('returned', json, logsJson(), originJson())
    return true
  }

  // Starts one invocation; true when it settled at once, false when its promise settles later
  // and calls `resume` then.
  const start = (line: string, resume: () => void): boolean => {
    const token = ++current
    state.logBytes = 0
    state.logsTruncated = false
    state.originChange = undefined
    if (state.logs.length !== 0) state.logs = []
    let result: unknown
    try {
      const invocation = parse(line)
      setNow(invocation[0])
      state.eventType = invocation[1]
      currentRawQs = invocation[2] === null ? undefined : invocation[2]
      const event = invocation[3]
      if (
        withRawQueryString &&
        event !== null &&
        typeof event.request === 'object' &&
        event.request !== null
      ) {
        // request.rawQueryString() ('General helper methods'); not enumerable, so not in the output.
        Object.defineProperty(event.request, 'rawQueryString', {
          value: rawQueryString,
          configurable: true,
          writable: true,
        })
      }
      const handler = factory(importModule, requireModule)
      if (typeof handler !== 'function') throw new TypeError('handler is not a function')
      result = handler(event)
      if (result !== null && typeof result === 'object' && typeof (result as any).then === 'function') {
        // Closures only for promises: they must know which invocation they settle.
        ;(result as any).then(
          (value: unknown) => {
            if (succeed(token, value)) resume()
          },
          (error: unknown) => {
            if (fail(token, error)) resume()
          },
        )
        return false
      }
    } catch (error) {
      return fail(token, error)
    }
    return succeed(token, result)
  }

  return function invokeBatch(batch: string) {
    const lines = batch.split('\n')
    let next = 0
    const resume = () => {
      while (next < lines.length) {
        if (!start(lines[next++] as string, resume)) return
      }
    }
    resume()
  }
}
