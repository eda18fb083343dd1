import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadFunction, runFunction } from '../../../src/runtime/index.js'
import { viewerRequestEvent } from '../../helpers/events.js'
import { bodyOf, returning, runCode, runCodeTimes } from '../../helpers/run-code.js'

// AWS's 'Restricted features' (both runtimes)

for (const runtime of ['cloudfront-js-1.0', 'cloudfront-js-2.0'] as const) {
  test(`restrictions (${runtime}): eval() throws`, () => {
    const result = runCode(`function handler() { return { statusCode: 200, body: String(eval('1 + 1')) } }`, {
      runtime,
    })
    assert.match(result.errorMessage ?? '', /eval is not supported/)
  })

  test(`restrictions (${runtime}): the Function constructor throws "Function constructors are not supported"`, () => {
    const result = runCode(
      `function handler() { return { statusCode: 200, body: String(new Function('return 1')()) } }`,
      {
        runtime,
      },
    )
    assert.match(result.errorMessage ?? '', /Function constructors are not supported/)
  })

  test(`restrictions (${runtime}): setTimeout, setImmediate and clearTimeout do not exist`, () => {
    const code = returning(
      `[typeof setTimeout, typeof setImmediate, typeof clearTimeout, typeof setInterval].join()`,
    )
    assert.equal(bodyOf(runCode(code, { runtime })), 'undefined,undefined,undefined,undefined')
  })

  test(`restrictions (${runtime}): strict mode is always on`, () => {
    const code = returning(`(function () { return this === undefined })()`)
    assert.equal(bodyOf(runCode(code, { runtime })), 'true')
  })

  test(`restrictions (${runtime}): no fs, no network, no process, no environment`, () => {
    const code = returning(`[typeof process, typeof fetch, typeof XMLHttpRequest, typeof WebSocket].join()`)
    assert.equal(bodyOf(runCode(code, { runtime })), 'undefined,undefined,undefined,undefined')
  })
}

test('restrictions: Date returns the invocation start time for the whole run', () => {
  const code = `function handler() {
    const a = Date.now();
    let x = 0; for (var i = 0; i < 20000; i++) x += i;
    const b = new Date().getTime();
    return { statusCode: 200, body: [a, b, String(Date() === new Date(a).toString()), x > 0].join() };
  }`
  const [first, second] = runCodeTimes(code, { times: 2, run: { nowMs: 1700000000123 } }).map(bodyOf)
  assert.equal(first, '1700000000123,1700000000123,true,true')
  assert.equal(second, first)
})

test('restrictions: each invocation gets its own start time', () => {
  const fn = loadFunction({ code: returning('Date.now()'), runtime: 'cloudfront-js-2.0' })
  try {
    assert.equal(bodyOf(runFunction(fn, viewerRequestEvent('/'), { nowMs: 1000 })), '1000')
    assert.equal(bodyOf(runFunction(fn, viewerRequestEvent('/'), { nowMs: 2000 })), '2000')
  } finally {
    fn.dispose()
  }
})

test('restrictions: Date still parses and builds explicit dates, and instanceof works', () => {
  const code = returning(
    `[new Date(0).toISOString(), Date.UTC(2020, 0, 1), Date.parse('2020-01-01T00:00:00Z'), new Date() instanceof Date].join()`,
  )
  assert.equal(bodyOf(runCode(code)), '1970-01-01T00:00:00.000Z,1577836800000,1577836800000,true')
})

test('restrictions: Math.random works and varies', () => {
  const code = returning(
    `(function () { const seen = {}; for (var i = 0; i < 20; i++) seen[Math.random()] = 1; return Object.keys(seen).length })()`,
  )
  assert.equal(bodyOf(runCode(code)), '20')
})

test('restrictions: there are no high-resolution timers', () => {
  const code = returning(`typeof performance`)
  assert.equal(bodyOf(runCode(code)), 'undefined')
})
