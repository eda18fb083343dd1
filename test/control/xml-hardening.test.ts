import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { errorCode, sendSigned } from '../helpers/cloudfront-client.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'

let cp: TestControlPlane

before(async () => {
  cp = await startTestControlPlane()
})

after(async () => {
  await cp.stop()
})

const XMLNS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/'

async function createStore(inner: string) {
  return sendSigned(cp.controlPlane.url, cp.controlPlane.credentials, {
    method: 'POST',
    path: '/2020-05-31/key-value-store',
    headers: { 'content-type': 'application/xml' },
    body: `<CreateKeyValueStoreRequest xmlns="${XMLNS}">${inner}</CreateKeyValueStoreRequest>`,
  })
}

test('CloudFront XML: hostile documents are 400 MalformedXML and create nothing', async () => {
  const before = cp.controlPlane.feed.latest
  const bodies = [
    `<Name>deep</Name><Comment>${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}</Comment>`,
    '<Name>proto</Name><__proto__><Name>x</Name></__proto__>',
    '<Name>ctor</Name><constructor>x</constructor>',
    '<Name>surrogate</Name><Comment>&#xD800;</Comment>',
    '<Name>nul</Name><Comment>&#x0;</Comment>',
    '<Name>beyond</Name><Comment>&#x110000;</Comment>',
  ]
  for (const body of bodies) {
    const response = await createStore(body)
    assert.equal(response.status, 400, body.slice(0, 60))
    assert.equal(errorCode(response.body), 'MalformedXML', body.slice(0, 60))
  }
  assert.equal(cp.controlPlane.feed.latest, before)
})

test('CloudFront XML: numeric character references are decoded into the stored member', async () => {
  const response = await createStore('<Name>refs</Name><Comment>caf&#233; &#x1F600; &amp;</Comment>')
  assert.equal(response.status, 201, response.body)
  const store = await cp.controlPlane.keyValueStores.describeKeyValueStore('refs')
  assert.equal(store.comment, 'caf\u00e9 \u{1F600} &')
})
