import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { AdminApiError, AdminClient } from '../../src/cli/admin-client.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'

let cp: TestControlPlane
let admin: AdminClient

before(async () => {
  cp = await startTestControlPlane()
  const { url, credentials } = cp.controlPlane
  admin = new AdminClient({ endpoint: url, ...credentials, source: 'test' })
  await cp.controlPlane.keyValueStores.createKeyValueStore({ name: 'admin-store' })
})

after(async () => {
  await cp.stop()
})

async function refusal(promise: Promise<unknown>): Promise<AdminApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  assert.ok(error instanceof AdminApiError, `expected an AdminApiError, got ${String(error)}`)
  return error
}

test('admin API: an unsigned request is refused with 403 AccessDenied in the JSON error shape', async () => {
  const response = await fetch(`${cp.controlPlane.url}/_verge/admin/key-value-stores/admin-store/export`)
  assert.equal(response.status, 403)
  const body = (await response.json()) as Record<string, unknown>
  assert.equal(body.__type, 'AccessDenied')
  assert.equal(typeof body.Message, 'string')
})

test('admin API: a signed import then export round-trips; If-Match is checked', async () => {
  const file = JSON.stringify({ data: [{ key: 'k', value: 'v' }] })
  const imported = await admin.json<{ etag: string; revision: number; itemCount: number }>({
    method: 'POST',
    path: 'key-value-stores/admin-store/import',
    body: Buffer.from(file),
  })
  assert.equal(imported.itemCount, 1)
  const exported = await admin.send({ method: 'GET', path: 'key-value-stores/admin-store/export' })
  assert.deepEqual(JSON.parse(exported.body.toString('utf8')), { data: [{ key: 'k', value: 'v' }] })

  const stale = await refusal(
    admin.send({
      method: 'POST',
      path: 'key-value-stores/admin-store/import',
      body: Buffer.from(file),
      headers: { 'if-match': 'KVNOTCURRENT' },
    }),
  )
  assert.deepEqual([stale.status, stale.code], [412, 'PreconditionFailed'])
})

test('admin API: unknown stores, operations and bad bodies map to 404, 404 and 400', async () => {
  const missing = await refusal(admin.send({ method: 'GET', path: 'key-value-stores/nope/revisions' }))
  assert.deepEqual([missing.status, missing.code], [404, 'EntityNotFound'])
  const unknown = await refusal(admin.send({ method: 'GET', path: 'key-value-stores/admin-store/explode' }))
  assert.deepEqual([unknown.status, unknown.code], [404, 'UnknownOperation'])
  const badBody = await refusal(
    admin.send({
      method: 'POST',
      path: 'key-value-stores/admin-store/rollback',
      body: Buffer.from('{"revision":"x"}'),
    }),
  )
  assert.deepEqual([badBody.status, badBody.code], [400, 'InvalidArgument'])
  const badRevision = await refusal(
    admin.send({ method: 'GET', path: 'key-value-stores/admin-store/export', query: { revision: '-1' } }),
  )
  assert.deepEqual([badRevision.status, badRevision.code], [400, 'InvalidArgument'])
})

test('admin API: /_verge/admin/edges lists edges with the latest revision', async () => {
  const edges = await admin.json<{ latestRevision: number; edges: unknown[] }>({
    method: 'GET',
    path: 'edges',
  })
  assert.equal(edges.latestRevision, cp.controlPlane.feed.latest)
  assert.deepEqual(edges.edges, [])
})
