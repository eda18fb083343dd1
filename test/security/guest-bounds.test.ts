import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { loadFunction } from '../../src/runtime/index.js'
import { runHazard } from './guest-hazard.js'

// Far above the ~60 MB of a child that ran a small function; far below what the hazards reached
// before they were bounded (185 MB to 2 GB).
const MAX_CHILD_RSS_MB = 160

describe('guest bounds: uninterruptible work and memory outside the heap end as function errors', () => {
  test('guest bounds: a BigInt literal is refused at validation with its line and column', () => {
    assert.throws(
      () =>
        loadFunction({
          code: 'function handler(e) {\n  return { statusCode: 200, body: (10n ** 10000000n).toString() }\n}',
          runtime: 'cloudfront-js-2.0',
        }),
      { name: 'CodeError', code: 'UnsupportedFeature', message: /line 2, column 36.*BigInt literals/i },
    )
  })

  // Each stalled its process (seconds to minutes), reached hundreds of MB, or aborted it.
  const hazards: Record<string, [string, RegExp]> = {
    'a BigInt power through the BigInt global': [
      '(BigInt(10) ** BigInt(10000000)).toString()',
      /ReferenceError: BigInt is not defined/,
    ],
    'a resizable ArrayBuffer grown to 2 GiB': [
      'new ArrayBuffer(1, { maxByteLength: 2 ** 32 }).resize(2 ** 31)',
      /TypeError: .*resize is not a function/,
    ],
    "'x'.repeat(2**27), flattened": ["'x'.repeat(2 ** 27).indexOf('y')", /RangeError: Invalid string length/],
    'padStart to the longest string': [
      "'x'.padStart(2 ** 29 - 24, 'ab').indexOf('y')",
      /RangeError: Invalid string length/,
    ],
    'padEnd of a two-byte string': [
      "'x'.padEnd(2 ** 28, '\\u1234').indexOf('y')",
      /RangeError: Invalid string length/,
    ],
    'String.prototype.concat of 500 MB': [
      "var s = 'x'.repeat(2 ** 20); var parts = []; for (var i = 0; i < 500; i++) parts.push(s); ''.concat.apply('', parts).indexOf('y')",
      /RangeError: Invalid string length/,
    ],
    'Array.prototype.join of a 2^27-element array': [
      "new Array(2 ** 27).join('x').indexOf('y')",
      /RangeError: Invalid array length: Array.prototype.join/,
    ],
    'fill of an array of length 2^32-1': [
      'new Array(2 ** 32 - 1).fill(0)',
      /RangeError: Invalid array length/,
    ],
    'indexOf, sort and reverse of a sparse array of length 2^32-1': [
      'var a = []; a[2 ** 32 - 2] = 1; a.indexOf(2); a.sort(); a.reverse()',
      /RangeError: Invalid array length: Array.prototype.indexOf/,
    ],
    'Array.from of a 2^23-element array-like': [
      'Array.from({ length: 2 ** 23 })',
      /RangeError: Invalid array length/,
    ],
  }
  for (const [name, [statements, expected]] of Object.entries(hazards)) {
    test(`guest bounds: ${name} is an ordinary function error, the process lives, RSS stays bounded`, () => {
      const outcome = runHazard(statements)
      assert.equal(
        outcome.status,
        0,
        `the child died (${outcome.signal ?? outcome.status}): ${outcome.stderr}`,
      )
      assert.match(outcome.errorMessage ?? '', expected)
      assert.equal(outcome.served, 'served')
      assert.ok((outcome.maxRssMb ?? Infinity) < MAX_CHILD_RSS_MB, `the child reached ${outcome.maxRssMb} MB`)
    })
  }
})
