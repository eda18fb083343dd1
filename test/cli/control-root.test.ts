import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { type CliFixture, startCliFixture } from './cli-process.js'

// Issue 18, defect 8: the control port's `/` sends a browser to the console, and the AWS APIs
// beside it keep working.

let fx: CliFixture

before(async () => {
  fx = await startCliFixture()
})

after(async () => {
  await fx.stop()
})

test('GET /: redirects a browser to the console; the AWS APIs beside it are unchanged', async () => {
  for (const method of ['GET', 'HEAD']) {
    const response = await fetch(`${fx.controlPlane.url}/`, { method, redirect: 'manual' })
    assert.equal(response.status, 302, method)
    assert.equal(response.headers.get('location'), '/console/')
    await response.arrayBuffer()
  }
  const query = await fetch(`${fx.controlPlane.url}/?from=bookmark`, { redirect: 'manual' })
  assert.equal(query.status, 302)
  await query.arrayBuffer()
  // Followed as a browser would: the console's page (or its "not built" page, 503).
  const followed = await fetch(`${fx.controlPlane.url}/`)
  assert.equal(new URL(followed.url).pathname, '/console/')
  assert.match(followed.headers.get('content-type') ?? '', /^text\/html/)
  await followed.arrayBuffer()

  // POST / is ACM's (AWS JSON 1.1): unsigned, it is refused in ACM's shape; the AWS APIs beside
  // it answer as before.
  const post = await fetch(`${fx.controlPlane.url}/`, { method: 'POST', redirect: 'manual' })
  assert.equal(post.status, 400)
  assert.equal(post.headers.get('x-amzn-errortype'), 'AccessDeniedException')
  await post.arrayBuffer()
  const put = await fetch(`${fx.controlPlane.url}/`, { method: 'PUT', redirect: 'manual' })
  assert.equal(put.status, 400)
  await put.arrayBuffer()
  await fx.vergeJson('store', 'create', 'root-still-works')
  await fx.vergeJson('key', 'put', 'root-still-works', 'k', 'v')
  const listed = await fx.vergeJson<Array<{ Key: string }>>('key', 'list', 'root-still-works')
  assert.deepEqual(
    listed.map((i) => i.Key),
    ['k'],
  )
})
