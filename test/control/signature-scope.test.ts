import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { HttpRequest } from '@smithy/core/protocols'
import { Hash } from '@smithy/core/serde'
import { SignatureV4 } from '@smithy/signature-v4'
import { makeHttpRequest, toSignedRequest } from '../helpers/aws-signing.js'
import { errorCode, type RawResponse, sendSigned, sendSignedRequest } from '../helpers/cloudfront-client.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'

let cp: TestControlPlane
let arnPath: string
let dataEtag: string

before(async () => {
  cp = await startTestControlPlane()
  const store = await cp.controlPlane.keyValueStores.createKeyValueStore({ name: 'scoped' })
  arnPath = `/key-value-stores/${encodeURIComponent(store.arn)}/keys`
  dataEtag = store.dataEtag
})

after(async () => {
  await cp.stop()
})

const latest = () => cp.controlPlane.feed.latest

/** Sends the SDK signer's request with `host` left out of SignedHeaders. */
async function sendWithoutHost(spec: { method: string; path: string; body: string }): Promise<RawResponse> {
  const { hostname, port } = new URL(cp.controlPlane.url)
  const signer = new SignatureV4({
    credentials: { ...cp.controlPlane.credentials },
    region: 'us-east-1',
    service: 'cloudfront',
    sha256: Hash.bind(null, 'sha256'),
  })
  const signed = toSignedRequest(
    (await signer.sign(makeHttpRequest({ ...spec, hostname, port: Number(port) }), {
      unsignableHeaders: new Set(['host']),
    })) as HttpRequest,
  )
  return sendSignedRequest(hostname, Number(port), signed)
}

test('signature scope: CreateKeyValueStore signed without host is 400 IncompleteSignature, nothing created', async () => {
  const before = latest()
  const response = await sendWithoutHost({
    method: 'POST',
    path: '/2020-05-31/key-value-store',
    body: '<CreateKeyValueStoreRequest xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Name>nohost</Name></CreateKeyValueStoreRequest>',
  })
  assert.equal(response.status, 400)
  assert.equal(errorCode(response.body), 'IncompleteSignature')
  assert.equal(latest(), before)
  await assert.rejects(cp.controlPlane.keyValueStores.describeKeyValueStore('nohost'))
})

test('signature scope: UpdateKeys signed for service s3 is 403 AccessDeniedException, nothing written', async () => {
  const before = latest()
  const response = await sendSigned(cp.controlPlane.url, cp.controlPlane.credentials, {
    method: 'POST',
    path: arnPath,
    service: 's3',
    headers: { 'content-type': 'application/json', 'if-match': dataEtag },
    body: JSON.stringify({ Puts: [{ Key: 'k', Value: 'v' }] }),
  })
  assert.equal(response.status, 403)
  assert.equal(JSON.parse(response.body).__type, 'AccessDeniedException')
  assert.match(JSON.parse(response.body).Message, /cloudfront-keyvaluestore/)
  assert.equal(latest(), before)
  // The same request for the data plane's own service is accepted.
  const accepted = await sendSigned(cp.controlPlane.url, cp.controlPlane.credentials, {
    method: 'GET',
    path: arnPath,
    service: 'cloudfront-keyvaluestore',
  })
  assert.equal(accepted.status, 200)
})

test('signature scope: an admin import signed for service s3 is 403 AccessDenied, nothing imported', async () => {
  const before = latest()
  const response = await sendSigned(cp.controlPlane.url, cp.controlPlane.credentials, {
    method: 'POST',
    path: '/_verge/admin/key-value-stores/scoped/import',
    service: 's3',
    body: JSON.stringify({ data: [{ key: 'k', value: 'v' }] }),
  })
  assert.equal(response.status, 403)
  assert.equal(JSON.parse(response.body).__type, 'AccessDenied')
  assert.equal(latest(), before)
})
