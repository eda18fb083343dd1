import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { startTestControlPlane, TEST_CREDENTIALS, type TestControlPlane } from '../helpers/control-plane.js'
import { ConsoleClient } from './console-client.js'

let control: TestControlPlane

before(async () => {
  control = await startTestControlPlane()
})

after(async () => {
  await control.stop()
})

async function signedIn(): Promise<ConsoleClient> {
  const client = new ConsoleClient(control.controlPlane.url)
  const reply = await client.login(TEST_CREDENTIALS.accessKeyId, TEST_CREDENTIALS.secretAccessKey)
  assert.equal(reply.status, 200)
  return client
}

test('console api: a key page says how many keys match over every page, for the page count', async () => {
  const client = await signedIn()
  await client.request('POST', '/console/api/key-value-stores', { json: { name: 'counted' } })
  const data = Array.from({ length: 12 }, (_, i) => ({ key: `k${i}`, value: i % 4 === 0 ? 'Blue' : 'red' }))
  await client.request('POST', '/console/api/key-value-stores/counted/import', { json: { data } })
  const all = await client.request('GET', '/console/api/key-value-stores/counted/keys?pageSize=5')
  assert.equal((all.body as { matching: number }).matching, 12)
  const blue = await client.request(
    'GET',
    '/console/api/key-value-stores/counted/keys?pageSize=1&search=blue',
  )
  assert.equal((blue.body as { matching: number; items: unknown[] }).matching, 3)
  assert.equal((blue.body as { items: unknown[] }).items.length, 1)
})

test('console api: a revision’s diff lists keys added, removed and changed; every revision is listed', async () => {
  const client = await signedIn()
  await client.request('POST', '/console/api/key-value-stores', { json: { name: 'diffed' } })
  await client.request('POST', '/console/api/key-value-stores/diffed/keys', {
    json: { key: 'a', value: '1' },
  })
  await client.request('POST', '/console/api/key-value-stores/diffed/keys', {
    json: { key: 'b', value: '2' },
  })
  await client.request('POST', '/console/api/key-value-stores/diffed/import', {
    json: {
      data: [
        { key: 'a', value: '10' },
        { key: 'c', value: '3' },
      ],
    },
  })
  const listed = await client.request('GET', '/console/api/key-value-stores/diffed/revisions')
  const revisions = (listed.body as { revisions: { revision: number; kind: string }[]; truncated: boolean })
    .revisions
  assert.deepEqual(
    revisions.map((r) => r.kind),
    ['kvs.imported', 'kvs.key.put', 'kvs.key.put', 'kvs.created'],
  )
  const diff = await client.request(
    'GET',
    `/console/api/key-value-stores/diffed/revisions/${revisions[0]!.revision}/diff`,
  )
  assert.deepEqual(diff.body, {
    revision: revisions[0]!.revision,
    added: [{ key: 'c', value: '3' }],
    removed: [{ key: 'b', value: '2' }],
    changed: [{ key: 'a', oldValue: '1', newValue: '10' }],
  })
  const created = await client.request(
    'GET',
    `/console/api/key-value-stores/diffed/revisions/${revisions[3]!.revision}/diff`,
  )
  assert.deepEqual((created.body as { added: unknown[] }).added, [])
  const bad = await client.request('GET', '/console/api/key-value-stores/diffed/revisions/zero/diff')
  assert.equal(bad.status, 400)
})

test('console api: propagation answers at once with no edge connected, and local-edge is empty without verge start', async () => {
  const client = await signedIn()
  const reply = await client.request('GET', '/console/api/propagation?waitMs=10000')
  assert.equal(reply.status, 200)
  assert.deepEqual(reply.body, {
    revision: control.controlPlane.feed.latest,
    connectedEdges: 0,
    appliedEdges: 0,
    behind: [],
    complete: true,
  })
  assert.equal((await client.request('GET', '/console/api/propagation?waitMs=soon')).status, 400)
  assert.deepEqual((await client.request('GET', '/console/api/local-edge')).body, {})
  control.controlPlane.setLocalEdge({ url: 'http://127.0.0.1:8080', defaultDistributionId: 'E123' })
  assert.deepEqual((await client.request('GET', '/console/api/local-edge')).body, {
    url: 'http://127.0.0.1:8080',
    defaultDistributionId: 'E123',
  })
})
