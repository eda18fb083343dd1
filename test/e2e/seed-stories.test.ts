import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { demoBlogPage } from '../../src/cli/demo/demo-origin.js'
import { waitFor } from '../helpers/wait-for.js'
import { putKeyWithSdk } from './demo-sdk.js'
import { budgetKills, type E2eFixture, type EdgeProcess, edgeGet, startE2eFixture } from './fixture.js'

// A generous bound: measured propagation on a busy 2-core machine is tens of milliseconds.
const PROPAGATION_BOUND_MS = 5_000

let fx: E2eFixture

before(async () => {
  // Three edge processes, each on two cluster workers: one sync client, two replicas.
  fx = await startE2eFixture([
    { name: 'edge-a', workers: 2 },
    { name: 'edge-b', workers: 2 },
    { name: 'edge-c', workers: 2 },
  ])
})
after(async () => {
  if (budgetKills.count > 0)
    console.log(`seed stories: ${budgetKills.count} responses retried after a compute-budget kill`)
  await fx?.close()
})

const bodyOf = async (edge: EdgeProcess, path: string) =>
  (await edgeGet(edge, path).catch(() => undefined))?.body

/** Every worker of `edge` answers `expected` for `path` (fresh connections reach each worker in turn). */
async function assertAllWorkers(edge: EdgeProcess, path: string, expected: string): Promise<void> {
  for (let i = 0; i < edge.workers * 3; i++) {
    const response = await edgeGet(edge, path)
    assert.equal(response.status, 200, `${edge.name} ${path}`)
    assert.equal(response.body, expected, `${edge.name} ${path}, request ${i}`)
  }
}

test('seed story 1: every edge echoes the key named by the first path segment', async () => {
  for (const edge of fx.edges) {
    await waitFor(async () => (await bodyOf(edge, '/hello/world')) === 'Key: hello Value: Hello World', {
      what: `${edge.name} to serve the demo`,
      timeoutMs: 15_000,
    })
    await assertAllWorkers(edge, '/hello/world', 'Key: hello Value: Hello World')
    await assertAllWorkers(edge, '/hi', 'Key: hi Value: Not found')
  }
})

test('seed story 2: blog switched to blog-v2 through the SDK is served by all three edges, quickly', async (t) => {
  for (const edge of fx.edges) {
    await waitFor(async () => (await bodyOf(edge, '/blog/index.html')) !== undefined, {
      what: `${edge.name} to answer`,
    })
    await assertAllWorkers(edge, '/blog/index.html', demoBlogPage('blog-v1', '/blog-v1/index.html'))
  }
  const v2 = demoBlogPage('blog-v2', '/blog-v2/index.html')

  const started = performance.now()
  await putKeyWithSdk(fx.sdk.kvs, fx.storeArn, 'blog', 'blog-v2')
  const acked = performance.now()
  const servedAt = await Promise.all(
    fx.edges.map(async (edge) => {
      await waitFor(async () => (await bodyOf(edge, '/blog/index.html')) === v2, {
        what: `${edge.name} to serve blog-v2`,
        timeoutMs: PROPAGATION_BOUND_MS * 2,
        intervalMs: 2,
      })
      return performance.now()
    }),
  )
  const propagationMs = Math.max(...servedAt) - started
  const message = `PutKey blog=blog-v2 → served by all 3 edges in ${propagationMs.toFixed(1)} ms (PutKey acknowledged after ${(acked - started).toFixed(1)} ms)`
  t.diagnostic(message)
  console.log(message)
  assert.ok(propagationMs < PROPAGATION_BOUND_MS, message)
  // And not only by the worker that answered first.
  for (const edge of fx.edges) await assertAllWorkers(edge, '/blog/index.html', v2)
})
