import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { CreateFunctionCommand, ListFunctionsCommand } from '@aws-sdk/client-cloudfront'
import { createCloudFrontClient, errorCode, sendSigned } from '../helpers/cloudfront-client.js'
import { assertNothingStored, encode, REQUEST_CODE, rejectsWith } from '../helpers/cloudfront-fixtures.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'

const XMLNS = 'xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"'
const CODE_B64 = Buffer.from(REQUEST_CODE).toString('base64')

describe('CloudFront REST-XML protocol: bodies, errors, signatures', () => {
  let t: TestControlPlane
  before(async () => {
    t = await startTestControlPlane()
  })
  after(() => t.stop())

  const send = (spec: Parameters<typeof sendSigned>[2]) =>
    sendSigned(t.controlPlane.url, t.controlPlane.credentials, {
      ...spec,
      headers: { 'content-type': 'application/xml', ...spec.headers },
    })

  test('errors: the <ErrorResponse> shape with Type, Code, Message, RequestId and x-amz-request-id', async () => {
    const res = await send({ method: 'GET', path: '/2020-05-31/function/none/describe' })
    assert.equal(res.status, 404)
    assert.equal(res.headers['content-type'], 'application/xml')
    const requestId = res.headers['x-amz-request-id']
    assert.ok(typeof requestId === 'string' && requestId.length > 0)
    assert.match(
      res.body,
      new RegExp(
        `^<\\?xml version="1.0" encoding="UTF-8"\\?><ErrorResponse ${XMLNS}><Error><Type>Sender</Type><Code>NoSuchFunctionExists</Code><Message>[^<]+</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>$`,
      ),
    )
  })

  test('bodies: malformed XML, a wrong root, a DOCTYPE and a missing body are refused; nothing stored', async () => {
    const { state } = t.controlPlane
    await assertNothingStored(state, async () => {
      const malformed = await send({
        method: 'POST',
        path: '/2020-05-31/function',
        body: `<CreateFunctionRequest ${XMLNS}><Name>x</Name><FunctionConfig></CreateFunctionRequest>`,
      })
      assert.equal(malformed.status, 400)
      assert.equal(errorCode(malformed.body), 'MalformedXML')
      const wrongRoot = await send({
        method: 'POST',
        path: '/2020-05-31/function',
        body: `<Other ${XMLNS}><Name>x</Name></Other>`,
      })
      assert.equal(errorCode(wrongRoot.body), 'MalformedXML')
      const doctype = await send({
        method: 'POST',
        path: '/2020-05-31/key-value-store',
        body: `<!DOCTYPE x [<!ENTITY a "aaaa">]><CreateKeyValueStoreRequest><Name>&a;</Name></CreateKeyValueStoreRequest>`,
      })
      assert.equal(errorCode(doctype.body), 'MalformedXML')
      const missing = await send({ method: 'POST', path: '/2020-05-31/distribution', body: '' })
      assert.equal(missing.status, 400)
      assert.equal(errorCode(missing.body), 'MissingBody')
      const noCode = await send({
        method: 'POST',
        path: '/2020-05-31/function',
        body: `<CreateFunctionRequest ${XMLNS}><Name>x</Name><FunctionConfig><Comment/><Runtime>cloudfront-js-2.0</Runtime></FunctionConfig></CreateFunctionRequest>`,
      })
      assert.equal(noCode.status, 400)
      assert.equal(errorCode(noCode.body), 'InvalidArgument')
    })
  })

  test('bodies: Quantity must match Items (InconsistentQuantities); members in any order', async () => {
    const wrong = await send({
      method: 'POST',
      path: '/2020-05-31/function',
      body: `<CreateFunctionRequest ${XMLNS}><FunctionCode>${CODE_B64}</FunctionCode><Name>q</Name><FunctionConfig><Runtime>cloudfront-js-2.0</Runtime><Comment></Comment><KeyValueStoreAssociations><Quantity>0</Quantity><Items><KeyValueStoreAssociation><KeyValueStoreARN>arn:aws:cloudfront::000000000000:key-value-store/00000000-0000-4000-8000-000000000000</KeyValueStoreARN></KeyValueStoreAssociation></Items></KeyValueStoreAssociations></FunctionConfig></CreateFunctionRequest>`,
    })
    assert.equal(wrong.status, 400)
    assert.equal(errorCode(wrong.body), 'InconsistentQuantities')
    const reordered = await send({
      method: 'POST',
      path: '/2020-05-31/function',
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<CreateFunctionRequest ${XMLNS}>\n  <FunctionCode>${CODE_B64}</FunctionCode>\n  <FunctionConfig><Runtime>cloudfront-js-2.0</Runtime><Comment>c</Comment></FunctionConfig>\n  <Name>reordered</Name>\n</CreateFunctionRequest>`,
    })
    assert.equal(reordered.status, 201, reordered.body)
    assert.match(reordered.body, /<Name>reordered<\/Name>/)
  })

  test('routing: an operation Verge does not serve is UnsupportedOperation', async () => {
    const res = await send({
      method: 'POST',
      path: '/2020-05-31/distribution/E123/invalidation',
      body: '<x/>',
    })
    assert.equal(res.status, 400)
    assert.equal(errorCode(res.body), 'UnsupportedOperation')
  })

  test('auth: a wrong secret, a wrong service scope and no signature are refused before anything runs', async () => {
    const { url, credentials, state } = t.controlPlane
    const badClient = createCloudFrontClient({
      url,
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: 'not-the-secret' },
    })
    const unknownClient = createCloudFrontClient({
      url,
      credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' },
    })
    try {
      await assertNothingStored(state, async () => {
        await rejectsWith(
          badClient.send(
            new CreateFunctionCommand({
              Name: 'unsigned-fn',
              FunctionConfig: { Comment: '', Runtime: 'cloudfront-js-2.0' },
              FunctionCode: encode(REQUEST_CODE),
            }),
          ),
          'SignatureDoesNotMatch',
          403,
        )
        await rejectsWith(unknownClient.send(new ListFunctionsCommand({})), 'InvalidClientTokenId', 403)
        const kvsScoped = await send({
          method: 'GET',
          path: '/2020-05-31/function',
          service: 'cloudfront-keyvaluestore',
        })
        assert.equal(kvsScoped.status, 403)
        assert.equal(errorCode(kvsScoped.body), 'SignatureDoesNotMatch')
        const anonymous = await fetch(`${url}/2020-05-31/function`)
        assert.equal(anonymous.status, 403)
        assert.equal(errorCode(await anonymous.text()), 'MissingAuthenticationToken')
      })
    } finally {
      badClient.destroy()
      unknownClient.destroy()
    }
  })
})
