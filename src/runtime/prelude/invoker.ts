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
 * Builds `invoke(eventJson, nowMs, rawQueryString, hasRawQueryString, eventType)`: calls the
 * factory (fresh top-level bindings for every request), then `handler(event)`, awaits a promise,
 * and reports the result through `done`. A late settlement of an earlier invocation (a promise
 * left pending when it was stopped) is ignored.
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

  let currentRawQs = ''
  let currentHasRawQs = false
  // One function for every request's event: frozen, so that it carries nothing between them.
  const rawQueryString = Object.freeze(() => (currentHasRawQs ? currentRawQs : undefined))
  const fail = (token: number, error: unknown) => {
    if (token !== current) return
    current++
    done('threw', describe(error), logsJson(), undefined)
  }
  const succeed = (token: number, value: unknown) => {
    if (token !== current) return
    let json: string | undefined
    try {
      json = stringify(value)
    } catch (error) {
      fail(token, error)
      return
    }
    current++
    done('returned', json, logsJson(), originJson())
  }

  return function invoke(
    eventJson: string,
    nowMs: number,
    rawQs: string,
    hasRawQs: boolean,
    eventType: string,
  ) {
    const token = ++current
    setNow(nowMs)
    currentRawQs = rawQs
    currentHasRawQs = hasRawQs
    state.eventType = eventType
    if (state.logs.length !== 0) state.logs = []
    state.logBytes = 0
    state.logsTruncated = false
    state.originChange = undefined

    let result: unknown
    try {
      const event = parse(eventJson)
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
          (value: unknown) => succeed(token, value),
          (error: unknown) => fail(token, error),
        )
        return
      }
    } catch (error) {
      fail(token, error)
      return
    }
    succeed(token, result)
  }
}
