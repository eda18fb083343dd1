import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { MemoryKeyValueStore } from '../../src/kvs/memory-store.js'
import { runFunction, type SandboxFactory } from '../../src/runtime/index.js'
import { viewerRequestEvent, viewerResponseEvent } from './events.js'
import { bodyOf, codeRunner } from './run-code.js'

const NOW_MS = Date.UTC(2024, 0, 15, 12, 0, 0)

/**
 * The behaviours every `Sandbox` implementation has (isolated-vm now, another engine later):
 * call it from the implementation's test file with its factory. Functions are loaded and run
 * the way the edge and TestFunction do, through `loadFunction` and `runFunction`.
 */
export function testSandbox(name: string, sandboxFactory: SandboxFactory): void {
  const { load, runCode, runCodeTimes } = codeRunner(sandboxFactory)

  describe(`Sandbox conformance: ${name}`, () => {
    test(`sandbox (${name}): runs the handler on the event and returns its result`, () => {
      const code = `function handler(event) {
        return { statusCode: 200, body: event.context.eventType + ' ' + event.request.uri };
      }`
      assert.equal(bodyOf(runCode(code, { event: viewerRequestEvent('/hello') })), 'viewer-request /hello')
      const passed = runCode(`function handler(event) { return event.request }`)
      assert.deepEqual(passed.output && 'request' in passed.output && passed.output.request.uri, '/')
      const response = runCode(`async function handler(event) { await null; return event.response }`, {
        event: viewerResponseEvent('/page'),
      })
      assert.equal(
        response.output && 'response' in response.output && response.output.response.statusCode,
        200,
      )
    })

    test(`sandbox (${name}): each invocation starts from fresh state`, () => {
      const code = `var count = 0;
        function handler() { count++; console.log('run ' + count); return { statusCode: 200, body: String(count) } }`
      const results = runCodeTimes(code, { times: 3 })
      assert.deepEqual(results.map(bodyOf), ['1', '1', '1'])
      assert.deepEqual(
        results.map((result) => result.logs),
        [['run 1'], ['run 1'], ['run 1']],
      )
    })

    test(`sandbox (${name}): Date reads the invocation start time for the whole invocation`, () => {
      const code = `function handler() {
        var first = Date.now();
        for (var i = 0, s = 0; i < 200000; i++) s += i;
        return { statusCode: 200, body: first + ',' + new Date().getTime() + ',' + Date.now() };
      }`
      const fn = load(code)
      try {
        const at = (nowMs: number) => bodyOf(runFunction(fn, viewerRequestEvent('/'), { nowMs }))
        assert.equal(at(NOW_MS), `${NOW_MS},${NOW_MS},${NOW_MS}`)
        assert.equal(at(NOW_MS + 1000), `${NOW_MS + 1000},${NOW_MS + 1000},${NOW_MS + 1000}`)
      } finally {
        fn.dispose()
      }
    })

    test(`sandbox (${name}): console.log lines are captured in order, kept with a failure`, () => {
      const ok = runCode(
        `function handler(event) { console.log('a'); console.log({ b: 1 }); return event.request }`,
      )
      assert.deepEqual(ok.logs, ['a', '{"b":1}'])
      const failed = runCode(`function handler() { console.log('before'); throw new Error('boom') }`)
      assert.deepEqual(failed.logs, ['before'])
    })

    test(`sandbox (${name}): logs are truncated at the limit the sandbox is given`, () => {
      const code = `function handler(event) { for (var i = 0; i < 300; i++) console.log('x'.repeat(50)); return event.request }`
      for (const maxLogBytes of [1024, 10 * 1024]) {
        const logs = runCode(code, { limits: { maxLogBytes } }).logs
        const kept = logs.slice(0, -1).reduce((sum, line) => sum + Buffer.byteLength(line), 0)
        assert.ok(kept <= maxLogBytes && kept > maxLogBytes - 50, `kept ${kept} of ${maxLogBytes} bytes`)
        assert.match(logs.at(-1) ?? '', /truncated/)
      }
    })

    test(`sandbox (${name}): a handler over its compute budget is stopped, and the next invocation runs`, () => {
      const code = `function handler(event) {
        if (event.request.uri === '/loop') { for (;;) {} }
        return { statusCode: 200, body: 'ok' };
      }`
      const fn = load(code)
      try {
        const looped = runFunction(fn, viewerRequestEvent('/loop'))
        assert.equal(looped.output, undefined)
        assert.match(looped.errorMessage ?? '', /exceeded its compute budget/)
        assert.equal(looped.computeUtilization, 100)
        assert.equal(bodyOf(runFunction(fn, viewerRequestEvent('/'))), 'ok')
      } finally {
        fn.dispose()
      }
    })

    test(`sandbox (${name}): what the guest does wrong comes back as a value, never a throw`, () => {
      const cases: [string, RegExp][] = [
        [`function handler() { throw new TypeError('bad') }`, /TypeError: bad/],
        [`async function handler() { throw new RangeError('out of range') }`, /RangeError: out of range/],
        [`function handler() { throw 'plain string' }`, /plain string/],
        [`function handler() { return new Promise(function () {}) }`, /never settled/],
      ]
      for (const [code, message] of cases) {
        const result = runCode(code)
        assert.equal(result.output, undefined, code)
        assert.match(result.errorMessage ?? '', message, code)
      }
    })

    test(`sandbox (${name}): cf.kvs() reads the associated store live, at each invocation`, () => {
      const store = new MemoryKeyValueStore({ id: '54947df8-0e9e-4471-a2f9-9af509fb5881' })
      store.put('k', 'one')
      const code = `import cf from 'cloudfront';
        const kvs = cf.kvs();
        async function handler() {
          var missing = 'resolved';
          try { await kvs.get('absent') } catch (e) { missing = 'rejected' }
          var meta = await kvs.meta();
          return { statusCode: 200, body: (await kvs.get('k')) + ',' + meta.keyCount + ',' + missing };
        }`
      const fn = load(code, { keyValueStore: store })
      try {
        assert.equal(bodyOf(runFunction(fn, viewerRequestEvent('/'))), 'one,1,rejected')
        store.put('k', 'two')
        store.put('k2', 'x')
        assert.equal(bodyOf(runFunction(fn, viewerRequestEvent('/'))), 'two,2,rejected')
      } finally {
        fn.dispose()
      }
    })

    test(`sandbox (${name}): a disposed sandbox says so and refuses to run`, () => {
      const fn = load(`function handler(event) { return event.request }`)
      assert.equal(fn.sandbox.disposed, false)
      fn.dispose()
      assert.equal(fn.sandbox.disposed, true)
      assert.throws(() => runFunction(fn, viewerRequestEvent('/')), /disposed/)
    })

    test(`sandbox (${name}): reports the memory it holds, more once a run has grown its heap, none once disposed`, () => {
      const fn = load(`function handler(event) {
        var table = [];
        for (var i = 0; i < 50000; i++) table.push({ i: i, s: 'v' + i });
        return { statusCode: 200, body: String(table.length) };
      }`)
      const booted = fn.memoryBytes()
      assert.ok(booted > 0)
      assert.equal(bodyOf(runFunction(fn, viewerRequestEvent('/'))), '50000')
      assert.ok(fn.memoryBytes() > booted, `${fn.memoryBytes()} ≤ ${booted}`)
      fn.dispose()
      assert.equal(fn.memoryBytes(), 0)
    })
  })
}
