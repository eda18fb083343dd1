import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { MemoryKeyValueStore } from '../../src/kvs/memory-store.js'
import { loadFunction, runFunction } from '../../src/runtime/index.js'
import { viewerRequestEvent } from '../helpers/events.js'
import { bodyOf, returning, runCode, runCodeTimes } from '../helpers/run-code.js'

const store = new MemoryKeyValueStore({ id: '54947df8-0e9e-4471-a2f9-9af509fb5889' })
store.put('k', 'v')

// Each probe tries to reach the host (its `process`, `require`, the Function constructor) and
// reports what it got; a probe "escapes" if the body is anything but "blocked".
function probe(attempt: string): string {
  const code = `import cf from 'cloudfront';
const kvs = cf.kvs();
function handler(event) {
  let outcome;
  try {
    const got = (function () { ${attempt} })();
    outcome = (typeof got === 'object' && got !== null && typeof got.pid === 'number') || typeof got === 'function' && String(got).includes('process') ? 'escaped' : 'blocked:' + typeof got;
  } catch (error) {
    outcome = 'blocked';
  }
  return { statusCode: 200, body: outcome };
}`
  return bodyOf(runCode(code, { keyValueStore: store }))
}

describe('escape probes: constructor chains reach no code generation', () => {
  const chains: Record<string, string> = {
    'Function via a plain object': `return ({}).constructor.constructor('return process')()`,
    'Function via the event': `return event.constructor.constructor('return process')()`,
    'Function via event.request': `return event.request.headers.constructor.constructor('return process')()`,
    'Function via a kvs method': `return kvs.get.constructor('return process')()`,
    'Function via the kvs handle': `return kvs.constructor.constructor('return process')()`,
    'Function via the cloudfront module': `return cf.constructor.constructor('return process')()`,
    'Function via cf.updateRequestOrigin': `return cf.updateRequestOrigin.constructor('return process')()`,
    'Function via console.log': `return console.log.constructor('return process')()`,
    'Function via a kvs promise': `return kvs.get('k').constructor.constructor('return process')()`,
    'Function via Buffer': `return Buffer.constructor('return process')()`,
    'AsyncFunction constructor': `return (async function () {}).constructor('return process')`,
    'GeneratorFunction constructor': `return (function* () {}).constructor('return process')`,
    'AsyncGeneratorFunction constructor': `return (async function* () {}).constructor('return process')`,
    'Function global': `return Function('return process')()`,
    'indirect eval': `return (0, eval)('process')`,
    'Reflect.construct of Function': `return Reflect.construct(Function, ['return process'])()`,
    'Object.getPrototypeOf of a function': `return Object.getPrototypeOf(function () {}).constructor('return process')()`,
  }
  for (const [name, attempt] of Object.entries(chains)) {
    test(`escape probe: ${name} is blocked`, () => {
      assert.equal(probe(attempt), 'blocked')
    })
  }
})

describe('escape probes: host objects and globals', () => {
  test('escape probe: no process, require of host modules, or timers in the guest', () => {
    const code = returning(
      `[typeof process, typeof module, typeof setTimeout, typeof setImmediate, typeof clearTimeout, typeof queueMicrotask === 'function' ? 'q' : 'noq'].join(',')`,
    )
    assert.equal(bodyOf(runCode(code)), 'undefined,undefined,undefined,undefined,undefined,noq')
  })

  test('escape probe: require of fs, child_process or net is refused before the code runs', () => {
    for (const name of ['fs', 'child_process', 'net', 'http']) {
      assert.throws(
        () =>
          runCode(
            `function handler() { return { statusCode: 200, body: String(require(${JSON.stringify(name)})) } }`,
          ),
        { name: 'CodeError', code: 'UnknownModule' },
        name,
      )
    }
  })

  test('escape probe: a computed require of a host module fails at run time', () => {
    const code = `var crypto = require('crypto');
    function handler() { var r = [require][0]; return { statusCode: 200, body: String(r('f' + 's')) } }`
    assert.match(runCode(code).errorMessage ?? '', /Cannot find module 'fs'/)
  })

  test('escape probe: SharedArrayBuffer, Atomics and WebAssembly are absent', () => {
    const code = returning(`[typeof SharedArrayBuffer, typeof Atomics, typeof WebAssembly].join(',')`)
    assert.equal(bodyOf(runCode(code)), 'undefined,undefined,undefined')
  })

  test('escape probe: Error.prepareStackTrace cannot be installed to read raw stack frames', () => {
    const code = `function handler() {
      let installed = 'no';
      try { Error.prepareStackTrace = function (e, frames) { return frames }; installed = 'yes' } catch (e) {}
      const stack = new Error('x').stack;
      return { statusCode: 200, body: installed + ':' + typeof stack };
    }`
    assert.equal(bodyOf(runCode(code)), 'no:string')
  })

  test('escape probe: stack traces name no host file', () => {
    const code = returning(`new Error('x').stack`)
    const stack = bodyOf(runCode(code))
    assert.doesNotMatch(stack, /node_modules|\/work\/|dist\/|node:internal/)
  })

  test('escape probe: host callbacks behind kvs expose no host realm', () => {
    const code = `import cf from 'cloudfront';
    const kvs = cf.kvs();
    function handler() {
      const fnProto = Object.getPrototypeOf(kvs.get);
      return { statusCode: 200, body: String(fnProto === Function.prototype) + ':' + String(Object.isFrozen(kvs)) };
    }`
    assert.equal(bodyOf(runCode(code, { keyValueStore: store })), 'true:true')
  })

  test('escape probe: Atomics.wait cannot block the host thread', () => {
    const result = runCode(
      `function handler() { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10000); return {statusCode: 200} }`,
    )
    assert.match(result.errorMessage ?? '', /ReferenceError/)
  })
})

describe('escape probes: nothing survives into the next request', () => {
  test('state probe: a top-level counter starts afresh on every request', () => {
    const code = `var count = 0; let other = 0;
    function handler() { count++; other++; return { statusCode: 200, body: count + ',' + other } }`
    assert.deepEqual(runCodeTimes(code, { times: 3 }).map(bodyOf), ['1,1', '1,1', '1,1'])
  })

  test('state probe: Object.prototype pollution fails and is not seen by the next request', () => {
    const code = `function handler(event) {
      let wrote = 'no';
      try { Object.prototype.polluted = 'yes'; wrote = 'yes' } catch (e) {}
      return { statusCode: 200, body: wrote + ':' + String(({}).polluted) };
    }`
    assert.deepEqual(runCodeTimes(code, { times: 2 }).map(bodyOf), ['no:undefined', 'no:undefined'])
  })

  test('state probe: replacing Array.prototype.push or JSON.parse fails', () => {
    const code = `function handler() {
      const outcomes = [];
      for (const attempt of [
        () => { Array.prototype.push = function () { return 42 } },
        () => { JSON.parse = function () { return 'hijacked' } },
        () => { Date.now = function () { return 0 } },
        () => { Promise.prototype.then = function () {} },
        () => { Object.defineProperty(Object.prototype, 'x', { get() { return 1 } }) },
        () => { Buffer.prototype.toString = function () { return 'hijacked' } },
      ]) { try { attempt(); outcomes.push('wrote') } catch (e) { outcomes.push('refused') } }
      const a = []; a.push(1);
      return { statusCode: 200, body: outcomes.join(',') + ':' + a.length };
    }`
    const [first, second] = runCodeTimes(code, { times: 2 }).map(bodyOf)
    assert.equal(first, 'refused,refused,refused,refused,refused,refused:1')
    assert.equal(second, first)
  })

  test('state probe: a global variable cannot be created for the next request', () => {
    const code = `function handler() {
      let wrote = 'no';
      try { globalThis.leak = 1; wrote = 'yes' } catch (e) {}
      return { statusCode: 200, body: wrote + ':' + typeof globalThis.leak };
    }`
    assert.deepEqual(runCodeTimes(code, { times: 2 }).map(bodyOf), ['no:undefined', 'no:undefined'])
  })

  test('state probe: own properties still shadow frozen built-ins (the override mistake is avoided)', () => {
    const code = `function Thing() {}
    Thing.prototype.toString = function () { return 'thing' };
    function handler() {
      const o = {}; o.toString = function () { return 'own' };
      const e = new Error('m'); e.name = 'CustomError';
      return { statusCode: 200, body: String(new Thing()) + ',' + String(o) + ',' + e.name };
    }`
    assert.equal(bodyOf(runCode(code)), 'thing,own,CustomError')
  })

  test('state probe: a promise left pending by a stopped invocation cannot answer the next one', () => {
    const code = `var first = true;
    async function handler(event) {
      if (event.request.uri === '/slow') { for (;;) {} }
      return { statusCode: 200, body: event.request.uri };
    }`
    const fn = loadFunction({ code, runtime: 'cloudfront-js-2.0' })
    try {
      const slow = runFunction(fn, viewerRequestEvent('/slow'))
      assert.match(slow.errorMessage ?? '', /compute budget/)
      const next = runFunction(fn, viewerRequestEvent('/fast'))
      assert.equal(bodyOf(next), '/fast')
    } finally {
      fn.dispose()
    }
  })
})

describe('resource probes: loops, ReDoS and allocation bombs are stopped', () => {
  test('resource probe: an infinite loop stops as an error and the next invocation succeeds', () => {
    const code = `function handler(event) { if (event.request.uri === '/loop') { for (;;) {} } return { statusCode: 200, body: 'ok' } }`
    const fn = loadFunction({ code, runtime: 'cloudfront-js-2.0' })
    try {
      const looped = runFunction(fn, viewerRequestEvent('/loop'))
      assert.match(looped.errorMessage ?? '', /compute budget/)
      assert.equal(looped.computeUtilization, 100)
      assert.equal(bodyOf(runFunction(fn, viewerRequestEvent('/'))), 'ok')
    } finally {
      fn.dispose()
    }
  })

  test('resource probe: an infinite loop after await is stopped too', () => {
    const result = runCode(`async function handler() { await null; for (;;) {} }`)
    assert.match(result.errorMessage ?? '', /compute budget/)
  })

  test('resource probe: a catastrophic regular expression (ReDoS) is stopped', () => {
    const code = `function handler(event) {
      if (event.request.uri === '/redos') /^(a+)+$/.test('a'.repeat(40) + 'b');
      return { statusCode: 200, body: 'ok' };
    }`
    const fn = loadFunction({ code, runtime: 'cloudfront-js-2.0' })
    try {
      assert.match(runFunction(fn, viewerRequestEvent('/redos')).errorMessage ?? '', /compute budget/)
      assert.equal(bodyOf(runFunction(fn, viewerRequestEvent('/'))), 'ok')
    } finally {
      fn.dispose()
    }
  })

  test('resource probe: an allocation bomb is stopped, the host lives and the function serves again', () => {
    const code = `function handler(event) {
      if (event.request.uri === '/bomb') { const hoard = []; for (;;) hoard.push(new Array(50000).fill(event)); }
      return { statusCode: 200, body: 'ok' };
    }`
    // A long wall-clock limit so that the heap limit, not the clock, stops the bomb.
    const fn = loadFunction({ code, runtime: 'cloudfront-js-2.0', limits: { hardTimeoutMs: 10000 } })
    try {
      const bombed = runFunction(fn, viewerRequestEvent('/bomb'))
      assert.match(bombed.errorMessage ?? '', /memory limit/)
      assert.equal(bodyOf(runFunction(fn, viewerRequestEvent('/'))), 'ok')
      assert.equal(bodyOf(runFunction(fn, viewerRequestEvent('/'))), 'ok')
    } finally {
      fn.dispose()
    }
  })

  test('resource probe: a promise that never settles is an error, not a hang', () => {
    const result = runCode(`async function handler() { await new Promise(function () {}); return {} }`)
    assert.match(result.errorMessage ?? '', /never settled/)
  })
})
