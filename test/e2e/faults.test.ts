import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import Database from 'better-sqlite3'
import { demoBlogPage } from '../../src/cli/demo/demo-origin.js'
import { REPLICA_FILE } from '../../src/edge/index.js'
import { waitFor } from '../helpers/wait-for.js'
import { addFunctionBehavior, putKeyWithSdk } from './demo-sdk.js'
import { budgetKills, type E2eFixture, edgeGet, startE2eFixture } from './fixture.js'
import { httpGet } from './processes.js'

const HELLO = 'Key: hello Value: Hello World'
const page = (version: string) => demoBlogPage(version, `/${version}/index.html`)

const THROWER = `function handler(event) {
  throw new Error('broken on purpose: ' + event.request.uri);
}`

let fx: E2eFixture

before(async () => {
  // One edge on two worker processes, one on a single worker: both face the same faults.
  fx = await startE2eFixture([
    { name: 'edge-multi', workers: 2 },
    { name: 'edge-single', workers: 1 },
  ])
  for (const edge of fx.edges) {
    await waitFor(async () => (await edgeGet(edge, '/hello').catch(() => undefined))?.body === HELLO, {
      what: `${edge.name} to serve the demo`,
      timeoutMs: 15_000,
    })
  }
})
after(async () => {
  if (budgetKills.count > 0)
    console.log(`faults: ${budgetKills.count} responses retried after a compute-budget kill`)
  await fx?.close()
})

/** Each edge answers `body` for `path`, over several fresh connections (every worker). */
async function assertServed(path: string, body: string, status = 200): Promise<void> {
  for (const edge of fx.edges) {
    for (let i = 0; i < 4; i++) {
      const response = await edgeGet(edge, path)
      assert.equal(response.status, status, `${edge.name} ${path}; its stderr:\n${edge.process.stderr()}`)
      assert.equal(response.body, body, `${edge.name} ${path}`)
    }
  }
}

async function waitServed(path: string, body: string, timeoutMs = 10_000): Promise<void> {
  for (const edge of fx.edges) {
    await waitFor(async () => (await edgeGet(edge, path).catch(() => undefined))?.body === body, {
      what: `${edge.name} to serve ${path}`,
      timeoutMs,
    })
  }
  await assertServed(path, body)
}

test('faults: a function that throws on one path → 503 there, every other path keeps serving', async () => {
  await addFunctionBehavior(fx.sdk.cloudFront, fx.distributionId, {
    name: 'thrower',
    code: THROWER,
    pathPattern: '/broken/*',
  })
  for (const edge of fx.edges) {
    await waitFor(async () => (await httpGet(`${edge.url}/broken/page`)).status === 503, {
      what: `${edge.name} to run the thrower`,
      timeoutMs: 10_000,
    })
  }
  for (const edge of fx.edges) {
    for (let i = 0; i < 4; i++) {
      const broken = await httpGet(`${edge.url}/broken/page`)
      assert.equal(broken.status, 503, `${edge.name}: ${broken.body}`)
      await waitFor(() => edge.process.stderr().includes(`(request ${broken.headers['x-amz-cf-id']},`), {
        what: `${edge.name} to log the failure`,
      })
      assert.match(edge.process.stderr(), /function\/thrower failed .*broken on purpose: \/broken\/page/)
      // The failure stays on its path: the next requests on the same edge are fine.
      assert.equal((await edgeGet(edge, '/hello')).body, HELLO)
    }
  }
  await assertServed('/blog/index.html', page('blog-v1'))
  for (const edge of fx.edges)
    assert.equal(edge.process.child.exitCode, null, `${edge.name} is still running`)
})

test('faults: with the control plane stopped, every edge keeps serving the last data', async () => {
  assert.equal(await fx.control.stop('SIGTERM'), 0, 'verge control exits 0 on SIGTERM')
  // Give the edges time to notice: their change streams end and reconnects fail.
  await waitFor(() => fx.edges.every((e) => /Control plane unreachable/.test(e.process.stderr())), {
    what: 'the edges to notice',
    timeoutMs: 10_000,
  })
  await assertServed('/hello', HELLO)
  await assertServed('/blog/index.html', page('blog-v1'))
})

test('faults: an edge restarted while the control plane is down serves its disk snapshot', async () => {
  const edge = fx.edges.find((e) => e.name === 'edge-multi')
  assert.ok(edge)
  const replica = new Database(join(edge.dataDir, REPLICA_FILE), { readonly: true })
  try {
    const values = replica.prepare('SELECT value FROM entries').pluck().all()
    assert.ok(values.includes('Hello World'), 'the replica on disk holds the data')
  } finally {
    replica.close()
  }
  // A crash, not a clean stop: only what was already on disk survives.
  assert.equal(await edge.process.stop('SIGKILL'), 'SIGKILL')
  const restarted = await fx.startEdge(edge.name, edge.workers)
  assert.match(restarted.process.stdout(), /from the disk snapshot/)
  // Serves at once: no waiting for a control plane that is not there.
  const hello = await edgeGet(restarted, '/hello')
  assert.equal(hello.body, HELLO)
  await assertServed('/hello', HELLO)
  await assertServed('/blog/index.html', page('blog-v1'))
  assert.equal((await httpGet(`${restarted.url}/broken/page`)).status, 503)
})

test('faults: the control plane restarted → every edge reconnects and catches up', async () => {
  await fx.restartControl()
  await putKeyWithSdk(fx.sdk.kvs, fx.storeArn, 'blog', 'blog-v2')
  await putKeyWithSdk(fx.sdk.kvs, fx.storeArn, 'hello', 'Hello again')
  // Reconnects back off up to 5 s.
  await waitServed('/blog/index.html', page('blog-v2'), 15_000)
  await waitServed('/hello', 'Key: hello Value: Hello again', 15_000)
})

test('faults: a worker that dies is replaced, and the new one serves the current data', async () => {
  const edge = fx.edges.find((e) => e.name === 'edge-multi')
  assert.ok(edge)
  const pids = /Workers:\s+2 \(pids (\d+), (\d+);/.exec(edge.process.stdout())
  assert.ok(pids, edge.process.stdout())
  const victim = Number(pids[1])
  process.kill(victim, 'SIGKILL')
  await waitFor(
    () => edge.process.stderr().includes(`Edge worker ${victim} exited (SIGKILL); starting another in`),
    {
      what: 'the primary to replace the worker',
    },
  )
  // The replacement starts from the primary's snapshot: the latest keys, on every connection.
  await waitServed('/hello', 'Key: hello Value: Hello again')
  await assertServed('/blog/index.html', page('blog-v2'))
  assert.equal(edge.process.child.exitCode, null)
})
