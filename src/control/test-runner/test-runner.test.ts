import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { DEFAULT_KVS_LIMITS } from '../../kvs/index.js'
import type { CfEvent } from '../../runtime/index.js'
import type { TestJob, TestJobOutcome } from '../services/index.js'
import { ChildTestRunner, OUT_OF_MEMORY_MESSAGE } from './test-runner.js'

const EVENT: CfEvent = {
  version: '1.0',
  context: {
    eventType: 'viewer-request',
    distributionDomainName: 'd.example',
    distributionId: 'E1',
    requestId: 'r1',
  },
  viewer: { ip: '192.0.2.1' },
  request: { method: 'GET', uri: '/a', querystring: {}, headers: {}, cookies: {} },
} as unknown as CfEvent

const job = (code: string, store?: TestJob['store']): TestJob => ({
  code,
  runtime: 'cloudfront-js-2.0',
  name: 'f',
  event: EVENT,
  ...(store === undefined ? {} : { store }),
})
const GOOD = 'function handler(e) { e.request.uri = "/b"; return e.request }'
const HEAP_BOMB = "function handler(e) { var o = {}; for (var i = 0; ; i++) o['k' + i] = i; }"

const runners: ChildTestRunner[] = []
after(async () => {
  await Promise.all(runners.map((r) => r.close()))
})
function runner(options?: ConstructorParameters<typeof ChildTestRunner>[0]): ChildTestRunner {
  const r = new ChildTestRunner(options)
  runners.push(r)
  return r
}

function resultOf(outcome: TestJobOutcome) {
  assert.ok('result' in outcome, JSON.stringify(outcome))
  return outcome.result
}

const uriOf = (result: ReturnType<typeof resultOf>) =>
  result.output !== undefined && 'request' in result.output ? result.output.request.uri : undefined

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

test('ChildTestRunner: runs a test in another process, store data included, and keeps it warm', async () => {
  const r = runner()
  const first = resultOf(await r.run(job(GOOD)))
  assert.equal(first.errorMessage, undefined)
  assert.equal(uriOf(first), '/b')
  const [pid] = r.pids
  assert.ok(pid !== undefined && pid !== process.pid)
  const withStore = resultOf(
    await r.run({
      ...job(
        "import cf from 'cloudfront'; async function handler(e) { e.request.uri = '/' + await cf.kvs().get('k'); return e.request }",
      ),
      store: {
        id: 'store-1',
        created: new Date(0),
        lastUpdated: new Date(0),
        limits: DEFAULT_KVS_LIMITS,
        entries: [['k', 'from-the-store']],
      },
    }),
  )
  assert.equal(withStore.errorMessage, undefined, withStore.errorMessage)
  assert.equal(uriOf(withStore), '/from-the-store')
  assert.deepEqual(r.pids, [pid])
})

test('ChildTestRunner: code that cannot load is a loadError, not a crash', async () => {
  const outcome = await runner().run(job('function handler(e) { return'))
  assert.ok('loadError' in outcome)
})

test('ChildTestRunner: a process killed mid-test → an error TestResult; the next test runs in a new process', async () => {
  const r = runner()
  const pending = r.run(job(GOOD))
  const [victim] = r.pids
  assert.ok(victim !== undefined)
  process.kill(victim, 'SIGKILL')
  const killed = resultOf(await pending)
  assert.match(killed.errorMessage ?? '', /process stopped unexpectedly \(SIGKILL\)/)
  assert.equal(killed.output, undefined)
  const next = resultOf(await r.run(job(GOOD)))
  assert.equal(next.errorMessage, undefined)
  assert.notEqual(r.pids[0], victim)
})

test('ChildTestRunner: a test past the backstop timeout stops its process and says so', async () => {
  // A process needs far more than 1 ms to start: the first test always overruns.
  const r = runner({ timeoutMs: 1 })
  const late = resultOf(await r.run(job(GOOD)))
  assert.match(late.errorMessage ?? '', /did not finish within 0\.001 s: its process was stopped/)
})

test('ChildTestRunner: a heap bomb → an error TestResult (out of memory if it took the process down)', async () => {
  const r = runner()
  resultOf(await r.run(job(GOOD)))
  const [before] = r.pids
  const bombed = resultOf(await r.run(job(HEAP_BOMB)))
  assert.ok(bombed.errorMessage !== undefined)
  const died = before !== undefined && !alive(before)
  if (died) assert.equal(bombed.errorMessage, OUT_OF_MEMORY_MESSAGE)
  const next = resultOf(await r.run(job(GOOD)))
  assert.equal(next.errorMessage, undefined)
})

test('ChildTestRunner: concurrent tests wait their turn and are all answered, around a crash', async () => {
  const r = runner()
  const outcomes = await Promise.all([
    r.run(job(GOOD)),
    r.run(job(HEAP_BOMB)),
    r.run(job(GOOD)),
    r.run(job(GOOD)),
  ])
  const results = outcomes.map(resultOf)
  assert.deepEqual(
    results.map((x) => x.errorMessage === undefined),
    [true, false, true, true],
  )
})

test('ChildTestRunner: close stops its processes; later tests get an error', async () => {
  const r = runner()
  resultOf(await r.run(job(GOOD)))
  const [pid] = r.pids
  assert.ok(pid !== undefined && alive(pid))
  await r.close()
  assert.equal(alive(pid), false)
  assert.deepEqual(r.pids, [])
  assert.match(resultOf(await r.run(job(GOOD))).errorMessage ?? '', /stopping/)
})
