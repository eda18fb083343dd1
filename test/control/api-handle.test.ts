import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createAdminApi } from '../../src/control/api/admin/admin-api.js'
import type { ApiMount, ApiRequest, ApiResponse } from '../../src/control/api/api-types.js'
import { createCloudFrontApi } from '../../src/control/api/aws-cloudfront/cloudfront-api.js'
import { createKvsApi, KVS_SIGNING_SERVICE } from '../../src/control/api/aws-kvs/kvs-api.js'
import { parseRequestTarget } from '../../src/control/api/request-target.js'
import type { SignedRequest } from '../../src/control/auth/verify-request.js'
import { signV4 } from '../helpers/aws-signing.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'

// The signed APIs called through `handle(ApiRequest)`, without a socket, over the real services
// of a control plane; the SDK, CLI and boto3 tests cover the same APIs over HTTP.
let cp: TestControlPlane
let kvs: ApiMount
let admin: ApiMount
let cloudFront: ApiMount
let storeArn: string

before(async () => {
  cp = await startTestControlPlane()
  const { keys, keyValueStores, functions, distributions, credentials } = cp.controlPlane
  const store = await keyValueStores.createKeyValueStore({ name: 'handled' })
  storeArn = store.arn
  await keys.putKey(store.arn, { key: 'k', value: 'v', ifMatch: store.dataEtag })
  kvs = createKvsApi({ keys, credentials })
  admin = createAdminApi({
    keyValueStores,
    credentials,
    listEdges: () => ({ latestRevision: 0, edges: [] }),
    maxBodyBytes: 1024,
  })
  cloudFront = createCloudFrontApi({ keyValueStores, functions, distributions, credentials })
})

after(async () => {
  await cp?.stop()
})

function apiRequest(signed: SignedRequest): ApiRequest {
  const parsed = parseRequestTarget(signed.rawUrl)
  assert.ok(parsed.ok)
  return {
    method: signed.method,
    rawUrl: signed.rawUrl,
    segments: parsed.target.segments,
    query: new URLSearchParams(parsed.target.rawQuery),
    headers: signed.headers as ApiRequest['headers'],
    body: signed.body,
  }
}

async function signed(service: string, method: string, path: string): Promise<ApiRequest> {
  return apiRequest(
    await signV4(
      { method, hostname: '127.0.0.1', port: 80, path },
      { credentials: cp.controlPlane.credentials, service, signingDate: new Date() },
    ),
  )
}

const unsigned = (method: string, path: string): ApiRequest =>
  apiRequest({ method, rawUrl: path, headers: { host: '127.0.0.1' }, body: new Uint8Array() })

const json = (response: ApiResponse) => JSON.parse(String(response.body)) as Record<string, unknown>

test('api handle: GetKey answers through handle() without a socket', async () => {
  const path = `/key-value-stores/${encodeURIComponent(storeArn)}/keys/k`
  const response = await kvs.handle(await signed(KVS_SIGNING_SERVICE, 'GET', path))
  assert.equal(response.status, 200)
  assert.deepEqual(json(response), { Key: 'k', Value: 'v', ItemCount: 1, TotalSizeInBytes: 2 })
})

test('api handle: the admin API refuses an unsigned request in the shared JSON error body', async () => {
  const response = await admin.handle(unsigned('GET', '/_verge/admin/key-value-stores/handled/export'))
  assert.equal(response.status, 403)
  const body = json(response)
  // Verge's one JSON error body, as the console sends it, and the AWS-style names the CLI reads.
  assert.equal(body.code, 'AccessDenied')
  assert.equal(typeof body.message, 'string')
  assert.equal(body.__type, 'AccessDenied')
  assert.equal(body.Message, body.message)
  assert.equal(response.headers?.['x-amzn-errortype'], 'AccessDenied')
})

test('api handle: an unknown CloudFront path is UnsupportedOperation, but only once signed', async () => {
  const refused = await cloudFront.handle(unsigned('GET', '/2020-05-31/origin-access-control'))
  assert.equal(refused.status, 403)
  assert.match(String(refused.body), /<Code>MissingAuthenticationToken<\/Code>/)
  const unknown = await cloudFront.handle(
    await signed('cloudfront', 'GET', '/2020-05-31/origin-access-control'),
  )
  assert.equal(unknown.status, 400)
  assert.match(String(unknown.body), /<Code>UnsupportedOperation<\/Code>/)
})

test('api handle: one service refusal, each surface in its own wire shape', async () => {
  // The ARN of a store that does not exist: another id of the same shape.
  const missing = storeArn.replace(/.$/, (c) => (c === '0' ? '1' : '0'))
  const fromKvs = await kvs.handle(
    await signed(KVS_SIGNING_SERVICE, 'GET', `/key-value-stores/${encodeURIComponent(missing)}`),
  )
  assert.equal(fromKvs.status, 404)
  assert.equal(json(fromKvs).__type, 'ResourceNotFoundException')
  const fromCloudFront = await cloudFront.handle(
    await signed('cloudfront', 'GET', '/2020-05-31/key-value-store/missing'),
  )
  assert.equal(fromCloudFront.status, 404)
  assert.match(String(fromCloudFront.body), /<Code>EntityNotFound<\/Code>/)
  const fromAdmin = await admin.handle(
    await signed('verge', 'GET', '/_verge/admin/key-value-stores/missing/export'),
  )
  assert.equal(fromAdmin.status, 404)
  assert.equal(json(fromAdmin).code, 'EntityNotFound')
})

test('api handle: an empty name segment on the CloudFront API is no operation, not the collection', async () => {
  const list = await cloudFront.handle(await signed('cloudfront', 'GET', '/2020-05-31/function/'))
  assert.equal(list.status, 200)
  assert.match(String(list.body), /<FunctionList/)
  const empty = await cloudFront.handle(await signed('cloudfront', 'GET', '/2020-05-31/function//describe'))
  assert.equal(empty.status, 400)
  assert.match(String(empty.body), /<Code>UnsupportedOperation<\/Code>/)
})
