import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runHazard } from './guest-hazard.js'

// Each bomb runs in a child process: a V8 fatal out-of-memory inside isolated-vm aborts the whole
// process. With an 8 MB heap the first and third aborted it (docs/benchmarks.md, "Heap bombs").
const BOMBS: Record<string, string> = {
  'an object growing without end': "var o = {}; for (var i = 0; ; i++) o['k' + i] = i",
  'a Map growing without end': 'var m = new Map(); for (var i = 0; ; i++) m.set(i, i)',
  'new Array(2**32-1).fill(0)': 'new Array(2 ** 32 - 1).fill(0)',
  'an array push loop': 'var a = []; for (;;) a.push(1)',
  'string doubling': "var s = 'x'; for (;;) s += s",
}

test('heap bomb: the common heap bombs are ordinary function errors and the process lives', () => {
  const failures: string[] = []
  for (const [name, statements] of Object.entries(BOMBS)) {
    const outcome = runHazard(statements)
    if (outcome.status !== 0) failures.push(`${name}: the child died (${outcome.signal ?? outcome.status})`)
    else if (!/memory limit|compute budget|RangeError/.test(outcome.errorMessage ?? '')) {
      failures.push(`${name}: ${outcome.errorMessage}`)
    } else if (outcome.served !== 'served') failures.push(`${name}: the next request was not served`)
  }
  assert.deepEqual(failures, [])
})
