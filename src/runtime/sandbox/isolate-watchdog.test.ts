import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import ivm from 'isolated-vm'
import { IsolateWatchdog } from './isolate-watchdog.js'

// isolated-vm's own timeout only as a backstop: were the watchdog broken, the runaway test would
// fail on a "timed out" error instead of hanging the suite.
const BACKSTOP_MS = 2000

function looping(): { isolate: ivm.Isolate; run: (spin: boolean) => unknown } {
  const isolate = new ivm.Isolate({ memoryLimit: 8 })
  const context = isolate.createContextSync()
  const fn = isolate
    .compileScriptSync('(function (spin) { if (spin) for (;;) {} return "done" })')
    .runSync(context, { reference: true }) as ivm.Reference<(spin: boolean) => string>
  return { isolate, run: (spin) => fn.applySync(undefined, [spin], { timeout: BACKSTOP_MS }) }
}

test('watchdog: an invocation past its deadline is stopped, and only its own isolate is disposed', () => {
  const watchdog = new IsolateWatchdog()
  const runaway = looping()
  const bystander = looping()
  const runawaySlot = watchdog.register(runaway.isolate)
  watchdog.register(bystander.isolate)

  const started = performance.now()
  const seq = watchdog.begin(runawaySlot, 5)
  assert.throws(() => runaway.run(true), /disposed/)
  watchdog.end()
  const elapsed = performance.now() - started

  assert.equal(watchdog.stopped(seq), true)
  assert.equal(runaway.isolate.isDisposed, true)
  assert.ok(elapsed >= 5, `stopped after ${elapsed} ms, before its 5 ms`)
  assert.equal(bystander.isolate.isDisposed, false)
  assert.equal(bystander.run(false), 'done')
  bystander.isolate.dispose()
})

test('watchdog: invocations that end in time are not stopped', () => {
  const watchdog = new IsolateWatchdog()
  const quick = looping()
  const slot = watchdog.register(quick.isolate)
  // A budget far above the run's microseconds: a loaded machine that preempts the test for a few
  // ms must not turn an in-time run into a stopped one (a watchdog that stops early still fails).
  // Disposed in `finally`: a live isolate left by a failed assertion would keep the file running.
  try {
    for (let i = 0; i < 1000; i++) {
      const seq = watchdog.begin(slot, 1_000)
      try {
        assert.equal(quick.run(false), 'done')
      } finally {
        watchdog.end()
      }
      assert.equal(watchdog.stopped(seq), false)
    }
    assert.equal(quick.isolate.isDisposed, false)
  } finally {
    if (!quick.isolate.isDisposed) quick.isolate.dispose()
  }
})

// A script that loads a function and runs it, then does `ending`.
function runFunctionsThen(ending: string) {
  const functionModule = fileURLToPath(new URL('../function.js', import.meta.url))
  const script = `
    const { loadFunction, runFunction } = await import(${JSON.stringify(functionModule)})
    const fn = loadFunction({ code: 'function handler(event) { return event.request }', runtime: 'cloudfront-js-2.0' })
    const event = { version: '1.0', context: { eventType: 'viewer-request' }, viewer: { ip: '192.0.2.1' },
      request: { method: 'GET', uri: '/', querystring: {}, headers: {}, cookies: {} } }
    for (let i = 0; i < 100; i++) runFunction(fn, event)
    console.log('ran')
    ${ending}`
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 20_000,
  })
}

test('watchdog: a process that ran functions exits on its own (the watch loop does not hold it)', () => {
  const child = runFunctionsThen('')
  assert.equal(child.signal, null, 'the process had to be killed: it did not exit')
  assert.equal(child.status, 0, child.stderr)
  assert.equal(child.stdout.trim(), 'ran')
})

test('watchdog: process.exit() while the watch loop runs exits cleanly, without a crash', () => {
  for (let i = 0; i < 3; i++) {
    const child = runFunctionsThen('process.exit(0)')
    assert.equal(child.signal, null, `signal ${child.signal}: ${child.stderr}`)
    assert.equal(child.status, 0, child.stderr)
  }
})
