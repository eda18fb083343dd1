import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { MemoryKeyValueStore } from '../../src/kvs/memory-store.js'
import {
  type CloudFrontFunction,
  type FunctionRun,
  invokeFunctions,
  type LoadFunctionOptions,
  loadFunction,
} from '../../src/runtime/index.js'
import { viewerRequestEvent } from '../helpers/events.js'

const NOW_MS = Date.UTC(2024, 0, 15, 12, 0, 0)

function withFunction(
  code: string,
  run: (fn: CloudFrontFunction) => void,
  options: Partial<LoadFunctionOptions> = {},
) {
  const fn = loadFunction({ code, runtime: 'cloudfront-js-2.0', ...options })
  try {
    run(fn)
  } finally {
    fn.dispose()
  }
}

const events = (...uris: string[]) => uris.map((uri) => viewerRequestEvent(uri))

function bodyOf(run: FunctionRun | undefined): string {
  const output = run?.output
  if (output === undefined || output.kind !== 'response') throw new Error(`no response: ${run?.errorMessage}`)
  const body = output.response.body
  return typeof body === 'string' ? body : (body?.data ?? '')
}

describe('batched invocation (isolated-vm)', () => {
  test('invokeFunctions: each invocation of a batch starts from fresh top-level state', () => {
    const code = `var count = 0; var seen = [];
      function handler(event) { count++; seen.push(event.request.uri); console.log('run ' + count);
        return { statusCode: 200, body: count + ' ' + seen.join(',') } }`
    withFunction(code, (fn) => {
      const runs = invokeFunctions(fn, events('/a', '/b', '/c'))
      assert.deepEqual(runs.map(bodyOf), ['1 /a', '1 /b', '1 /c'])
      assert.deepEqual(
        runs.map((run) => run.logs),
        [['run 1'], ['run 1'], ['run 1']],
      )
    })
  })

  test('invokeFunctions: each invocation reads its own Date, also after an await', () => {
    const code = `async function handler(event) {
        var before = Date.now();
        await null; await Promise.resolve();
        return { statusCode: 200, body: before + ',' + new Date().getTime() };
      }`
    withFunction(code, (fn) => {
      const times = [NOW_MS, NOW_MS + 1000, NOW_MS + 2000]
      const runs = invokeFunctions(
        fn,
        events('/', '/', '/'),
        times.map((nowMs) => ({ nowMs })),
      )
      assert.deepEqual(
        runs.map(bodyOf),
        times.map((t) => `${t},${t}`),
      )
    })
  })

  test('invokeFunctions: logs and origin changes stay with the invocation that made them', () => {
    const code = `import cf from 'cloudfront';
      async function handler(event) {
        var uri = event.request.uri;
        console.log('start ' + uri);
        await null;
        if (uri === '/moved') cf.updateRequestOrigin({ domainName: 'moved.example.org' });
        console.log('end ' + uri);
        return event.request;
      }`
    withFunction(code, (fn) => {
      const runs = invokeFunctions(fn, events('/one', '/moved', '/two'))
      assert.deepEqual(
        runs.map((run) => run.logs),
        [
          ['start /one', 'end /one'],
          ['start /moved', 'end /moved'],
          ['start /two', 'end /two'],
        ],
      )
      assert.deepEqual(
        runs.map((run) => run.originChange?.type),
        [undefined, 'updateRequestOrigin', undefined],
      )
    })
  })

  test('invokeFunctions: an invocation that throws or never settles fails alone', () => {
    const code = `function handler(event) {
        var uri = event.request.uri;
        if (uri === '/throw') { console.log('about to throw'); throw new TypeError('bad ' + uri) }
        if (uri === '/pending') return new Promise(function () {});
        return { statusCode: 200, body: 'ok ' + uri };
      }`
    withFunction(code, (fn) => {
      const runs = invokeFunctions(fn, events('/a', '/throw', '/b', '/pending', '/c'))
      assert.deepEqual(
        runs.map((run) => run.errorMessage === undefined),
        [true, false, true, false, true],
      )
      assert.deepEqual([bodyOf(runs[0]), bodyOf(runs[2]), bodyOf(runs[4])], ['ok /a', 'ok /b', 'ok /c'])
      assert.match(runs[1]?.errorMessage ?? '', /TypeError: bad \/throw/)
      assert.deepEqual(runs[1]?.logs, ['about to throw'])
      assert.match(runs[3]?.errorMessage ?? '', /never settled/)
      assert.equal(runs[3]?.errorKind, 'execution')
    })
  })

  test('invokeFunctions: a runaway is stopped and fails alone; the invocations after it run', () => {
    const code = `var touched = false;
      function handler(event) {
        if (touched) return { statusCode: 500, body: 'state leaked' };
        touched = true;
        if (event.request.uri === '/loop') { for (;;) {} }
        return { statusCode: 200, body: 'ok ' + event.request.uri };
      }`
    withFunction(code, (fn) => {
      const runs = invokeFunctions(fn, events('/a', '/b', '/loop', '/c', '/d'))
      assert.equal(runs.length, 5)
      assert.match(runs[2]?.errorMessage ?? '', /exceeded its compute budget/)
      assert.equal(runs[2]?.computeUtilization, 100)
      assert.deepEqual([runs[0], runs[1], runs[3], runs[4]].map(bodyOf), ['ok /a', 'ok /b', 'ok /c', 'ok /d'])
      // The sandbox serves the next batch too.
      assert.deepEqual(invokeFunctions(fn, events('/e')).map(bodyOf), ['ok /e'])
    })
  })

  test('invokeFunctions: compute utilization is measured per invocation', () => {
    const code = `function handler(event) {
        if (event.request.uri === '/heavy') { for (var i = 0, s = 0; i < 20000000; i++) s += i }
        return { statusCode: 200, body: 'ok' };
      }`
    // A wall-clock limit far above the work, so that the heavy invocation is not stopped.
    withFunction(
      code,
      (fn) => {
        const runs = invokeFunctions(fn, events('/light', '/heavy', '/light', '/light'))
        const utilization = runs.map((run) => run.computeUtilization)
        assert.equal(utilization[1], 100, `heavy: ${utilization}`)
        for (const i of [0, 2, 3]) assert.ok((utilization[i] ?? 100) < 100, `light: ${utilization}`)
      },
      { limits: { hardTimeoutMs: 10_000 } },
    )
  })

  test('invokeFunctions: key value store reads see the store as it is at the batch', () => {
    const store = new MemoryKeyValueStore({ id: '54947df8-0e9e-4471-a2f9-9af509fb5881' })
    store.put('k', 'one')
    const code = `import cf from 'cloudfront';
      const kvs = cf.kvs();
      async function handler(event) {
        return { statusCode: 200, body: await kvs.get(event.request.uri.slice(1)) };
      }`
    withFunction(
      code,
      (fn) => {
        assert.deepEqual(invokeFunctions(fn, events('/k', '/k')).map(bodyOf), ['one', 'one'])
        store.put('k', 'two')
        assert.deepEqual(invokeFunctions(fn, events('/k')).map(bodyOf), ['two'])
      },
      { keyValueStore: store },
    )
  })
})
