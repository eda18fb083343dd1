import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  GUEST_MAX_ARRAY_LENGTH,
  GUEST_MAX_COLLECTION_SIZE,
  GUEST_MAX_STRING_LENGTH,
} from '../../../src/runtime/sandbox/sandbox.js'
import { bodyOf, returning, runCode } from '../../helpers/run-code.js'

// What CloudFront's runtimes lack and Verge removed for safety (docs/compatibility.md,
// "Guest runtime bounds"), in both runtime versions.
for (const runtime of ['cloudfront-js-1.0', 'cloudfront-js-2.0'] as const) {
  test(`removed features (${runtime}): no BigInt, no BigInt arrays, no BigInt DataView accessors`, () => {
    const code = returning(
      `[typeof BigInt, typeof BigInt64Array, typeof BigUint64Array, typeof DataView.prototype.getBigInt64, typeof DataView.prototype.setBigUint64].join()`,
    )
    assert.equal(bodyOf(runCode(code, { runtime })), 'undefined,undefined,undefined,undefined,undefined')
  })

  test(`removed features (${runtime}): ArrayBuffer ignores maxByteLength and cannot be resized`, () => {
    const code = returning(
      `[b.byteLength, b.resizable, b.maxByteLength, typeof b.resize, typeof b.transfer, b.constructor === ArrayBuffer, b instanceof ArrayBuffer].join()`,
      `var b = new (new Uint8Array(1).buffer.constructor)(8, { maxByteLength: 2 ** 32 });`,
    )
    assert.equal(bodyOf(runCode(code, { runtime })), '8,,,undefined,undefined,true,true')
  })

  test(`removed features (${runtime}): the legacy RegExp statics are absent`, () => {
    const code = returning(
      `[/(b)/.exec('abc')[1], Object.getOwnPropertyNames(RegExp).sort().join(' ')].join()`,
    )
    assert.equal(bodyOf(runCode(code, { runtime })), 'b,length name prototype')
  })
}

test('removed features: string builders stop at the bound with V8\'s "Invalid string length"', () => {
  const max = GUEST_MAX_STRING_LENGTH
  const code = returning(
    `[
      attempt(function () { return 'x'.repeat(${max}) }),
      attempt(function () { return 'x'.padStart(${max}) }),
      attempt(function () { return ''.concat('x'.repeat(${max - 1}), 'y') }),
      attempt(function () { return 'x'.repeat(${max + 1}) }),
      attempt(function () { return 'x'.padEnd(${max + 1}, 'ab') }),
      attempt(function () { return ''.concat('x'.repeat(${max}), 'y') }),
      attempt(function () { return 'x'.padEnd(${max + 1}, '') })
    ].join()`,
    `function attempt(f) { try { return f().length } catch (e) { return e.name + ': ' + e.message } }`,
  )
  const tooLong = 'RangeError: Invalid string length'
  assert.equal(bodyOf(runCode(code)), [max, max, max, tooLong, tooLong, tooLong, 1].join())
})

test('removed features: index-walking array methods stop at the bound with a RangeError', () => {
  const max = GUEST_MAX_ARRAY_LENGTH
  const code = returning(
    `[new Array(${max}).fill(1).indexOf(2), attempt(function () { return new Array(${max + 1}).fill(1) }),
      attempt(function () { var a = []; a[${max}] = 1; return a.join() }), Array.from({ length: ${max} }).length].join(';')`,
    `function attempt(f) { try { f(); return 'ran' } catch (e) { return e.name + ': ' + e.message } }`,
  )
  assert.equal(
    bodyOf(runCode(code)),
    `-1;RangeError: Invalid array length: Array.prototype.fill is limited to ${max} elements;RangeError: Invalid array length: Array.prototype.join is limited to ${max} elements;${max}`,
  )
})

test('removed features: Map and Set stop growing at the bound with a RangeError', () => {
  const max = GUEST_MAX_COLLECTION_SIZE
  const code = returning(
    `[attempt(function () { var m = new Map(); for (var i = 0; i < ${max}; i++) m.set(i, i); m.set(0, 'again'); return m.size }),
      attempt(function () { var m = new Map(); for (var i = 0; i <= ${max}; i++) m.set(i, i); return m.size }),
      attempt(function () { var s = new Set(); for (var i = 0; i <= ${max}; i++) s.add(i); return s.size })].join(';')`,
    `function attempt(f) { try { return f() } catch (e) { return e.name + ': ' + e.message } }`,
  )
  assert.equal(
    bodyOf(runCode(code, { limits: { hardTimeoutMs: 2000 } })),
    `${max};RangeError: Map maximum size exceeded: the limit is ${max} entries;RangeError: Set maximum size exceeded: the limit is ${max} entries`,
  )
})
