// Guest code: injected into the isolate with Function.prototype.toString(); self-contained.
import type { InvocationState } from './invocation-state.js'

/**
 * `console` with `log` only. Lines are kept for the invocation's result,
 * truncated once they reach `maxLogBytes` of UTF-8 ('Edge function logs').
 */
export function createConsole(state: InvocationState): { log(...values: unknown[]): void } {
  const format = (value: unknown): string => {
    if (typeof value === 'string') return value
    if (value instanceof Error) return `${value.name}: ${value.message}`
    if (typeof value === 'object' && value !== null) {
      try {
        const json = JSON.stringify(value)
        if (json !== undefined) return json
      } catch {
        // circular or throwing toJSON: fall back to String()
      }
    }
    return String(value)
  }
  // The number of UTF-16 units of `text` whose UTF-8 encoding fits in `room` bytes, and its bytes.
  const fit = (text: string, room: number): [number, number] => {
    let bytes = 0
    let i = 0
    while (i < text.length) {
      const code = text.charCodeAt(i)
      const pair = code >= 0xd800 && code < 0xdc00 && i + 1 < text.length
      const size = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3
      if (bytes + size > room) break
      bytes += size
      i += pair ? 2 : 1
    }
    return [i, bytes]
  }
  return {
    log(...values: unknown[]) {
      if (state.logsTruncated) return
      // 2.0 documents a single argument; more are joined with spaces (docs/compatibility.md).
      const line = values.length === 1 ? format(values[0]) : values.map(format).join(' ')
      const [units, bytes] = fit(line, state.maxLogBytes - state.logBytes)
      if (units < line.length) {
        if (units > 0) state.logs.push(line.slice(0, units))
        state.logs.push('[log truncated at 10 KB]')
        state.logsTruncated = true
        state.logBytes = state.maxLogBytes
        return
      }
      state.logs.push(line)
      state.logBytes += bytes
    },
  }
}
