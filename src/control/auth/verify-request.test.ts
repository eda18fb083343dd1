import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, test } from 'node:test'
import type { HttpRequest } from '@smithy/core/protocols'
import { Hash } from '@smithy/core/serde'
import { SignatureV4 } from '@smithy/signature-v4'
import {
  makeHttpRequest,
  presignV4,
  type RequestSpec,
  type SignOptions,
  signV4,
  signV4a,
  toSignedRequest,
} from '../../../test/helpers/aws-signing.js'
import { AuthError, type AuthErrorCode } from './auth-errors.js'
import type { Credentials } from './credentials.js'
import { type SignedRequest, verifyRequest } from './verify-request.js'

const credentials: Credentials = {
  accessKeyId: 'AKIAVERGETESTKEY0001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}
const signingDate = new Date('2024-05-08T14:50:18Z')
const now = signingDate

const ARN_LABEL =
  'arn%3Aaws%3Acloudfront%3A%3A123456789012%3Akey-value-store%2F37435e19-c205-4271-9e5c-0123456789ab'
const KVS_HOST = { hostname: '123456789012.kvs.local', port: 4566 }

const putKey: RequestSpec = {
  method: 'PUT',
  ...KVS_HOST,
  path: `/key-value-stores/${ARN_LABEL}/keys/my%20key`,
  headers: { 'content-type': 'application/json', 'if-match': 'KV0AB12C3DEF456' },
  body: '{"Value":"value1"}',
}
const listKeys: RequestSpec = {
  method: 'GET',
  ...KVS_HOST,
  path: `/key-value-stores/${ARN_LABEL}/keys`,
  query: { MaxResults: '5', NextToken: 'abc+=' },
}
const createFunction: RequestSpec = {
  method: 'POST',
  hostname: '127.0.0.1',
  port: 8080,
  path: '/2020-05-31/function',
  headers: { 'content-type': 'application/xml' },
  body:
    '<?xml version="1.0" encoding="UTF-8"?><CreateFunctionRequest xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">' +
    '<Name>hello</Name><FunctionConfig><Comment></Comment><Runtime>cloudfront-js-2.0</Runtime></FunctionConfig>' +
    '<FunctionCode>ZnVuY3Rpb24gaGFuZGxlcihlKSB7IHJldHVybiBlLnJlcXVlc3QgfQ==</FunctionCode></CreateFunctionRequest>',
}

const kvsV4a: SignOptions = { credentials, service: 'cloudfront-keyvaluestore', signingDate }
const kvsV4: SignOptions = { ...kvsV4a, region: 'us-east-1' }
const cloudfront: SignOptions = { credentials, service: 'cloudfront', region: 'us-east-1', signingDate }

function rejects(request: SignedRequest, code: AuthErrorCode, creds = credentials, at = now): AuthError {
  let caught: unknown
  assert.throws(
    () => verifyRequest(request, creds, { now: at }),
    (error: unknown) => {
      caught = error
      return error instanceof AuthError && error.code === code
    },
    `expected AuthError ${code}`,
  )
  return caught as AuthError
}

describe('verifyRequest: requests signed by the real SDK signers verify', () => {
  test('verifyRequest: a SigV4A PutKey with an encoded ARN, a space in the key, If-Match and a JSON body', async () => {
    const { request } = await signV4a(putKey, kvsV4a)
    assert.match(request.rawUrl, /%3Aaws%3Acloudfront/)
    assert.equal(request.headers['x-amz-region-set'], '*')
    assert.deepEqual(verifyRequest(request, credentials, { now }), {
      accessKeyId: credentials.accessKeyId,
      algorithm: 'AWS4-ECDSA-P256-SHA256',
      service: 'cloudfront-keyvaluestore',
    })
  })

  test('verifyRequest: a SigV4A ListKeys GET with MaxResults and an escaped NextToken', async () => {
    const { request } = await signV4a(listKeys, kvsV4a)
    assert.equal(request.rawUrl.split('?')[1], 'MaxResults=5&NextToken=abc%2B%3D')
    assert.equal(verifyRequest(request, credentials, { now }).algorithm, 'AWS4-ECDSA-P256-SHA256')
  })

  test('verifyRequest: the same KVS requests signed with SigV4 (non-JS clients)', async () => {
    for (const spec of [putKey, listKeys]) {
      const request = await signV4(spec, kvsV4)
      assert.equal(verifyRequest(request, credentials, { now }).algorithm, 'AWS4-HMAC-SHA256')
    }
  })

  test('verifyRequest: a CloudFront CreateFunction POST signed with SigV4 in us-east-1 and in eu-west-3', async () => {
    for (const region of ['us-east-1', 'eu-west-3']) {
      const request = await signV4(createFunction, { ...cloudfront, region })
      assert.deepEqual(verifyRequest(request, credentials, { now }), {
        accessKeyId: credentials.accessKeyId,
        algorithm: 'AWS4-HMAC-SHA256',
        service: 'cloudfront',
      })
    }
  })

  test('verifyRequest: dot segments and repeated query keys are canonicalised like the SDK', async () => {
    const request = await signV4(
      { ...listKeys, path: `/key-value-stores/./x/../${ARN_LABEL}//keys/`, query: { b: ['2', '1'], a: '' } },
      kvsV4,
    )
    assert.equal(request.rawUrl.split('?')[1], 'a=&b=2&b=1')
    assert.equal(verifyRequest(request, credentials, { now }).service, 'cloudfront-keyvaluestore')
  })

  test('verifyRequest: accepts requests within 15 minutes either side of the clock', async () => {
    const request = await signV4(createFunction, cloudfront)
    for (const minutes of [-14, 14]) {
      verifyRequest(request, credentials, { now: new Date(now.getTime() + minutes * 60_000) })
    }
  })

  test('verifyRequest: UNSIGNED-PAYLOAD skips the body check', async () => {
    const request = await signV4(
      {
        ...createFunction,
        headers: { ...createFunction.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      cloudfront,
    )
    verifyRequest({ ...request, body: Buffer.from('<other/>') }, credentials, { now })
  })

  test('verifyRequest: a SigV4 presigned GET verifies until it expires', async () => {
    const request = await presignV4(listKeys, { ...kvsV4, expiresIn: 300 })
    assert.equal(request.headers.authorization, undefined)
    assert.match(request.rawUrl, /X-Amz-Signature=/)
    verifyRequest(request, credentials, { now: new Date(now.getTime() + 299_000) })
    rejects(request, 'RequestExpired', credentials, new Date(now.getTime() + 301_000))
    const tampered = { ...request, rawUrl: request.rawUrl.replace('MaxResults=5', 'MaxResults=50') }
    rejects(tampered, 'SignatureMismatch')
  })
})

describe('verifyRequest: failures throw the right AuthError', () => {
  test('verifyRequest: a wrong secret is SignatureMismatch, for SigV4 and SigV4A', async () => {
    const wrong = { ...credentials, secretAccessKey: `${credentials.secretAccessKey.slice(1)}x` }
    const error = rejects(await signV4(createFunction, cloudfront), 'SignatureMismatch', wrong)
    assert.match(error.debug?.canonicalRequest ?? '', /^POST\n\/2020-05-31\/function\n/)
    rejects((await signV4a(putKey, kvsV4a)).request, 'SignatureMismatch', wrong)
  })

  test('verifyRequest: an unknown access key id is UnknownAccessKey', async () => {
    const other = { ...credentials, accessKeyId: 'AKIAOTHERKEY00000000' }
    rejects(await signV4(createFunction, { ...cloudfront, credentials: other }), 'UnknownAccessKey')
    rejects((await signV4a(putKey, { ...kvsV4a, credentials: other })).request, 'UnknownAccessKey')
  })

  test('verifyRequest: a tampered body is PayloadHashMismatch, or SignatureMismatch without the hash header', async () => {
    const request = (await signV4a(putKey, kvsV4a)).request
    rejects({ ...request, body: Buffer.from('{"Value":"value2"}') }, 'PayloadHashMismatch')
    const unhashed = await signV4(createFunction, { ...cloudfront, applyChecksum: false })
    assert.equal(unhashed.headers['x-amz-content-sha256'], undefined)
    verifyRequest(unhashed, credentials, { now })
    rejects({ ...unhashed, body: Buffer.from('<x/>') }, 'SignatureMismatch')
  })

  test('verifyRequest: a tampered path is SignatureMismatch', async () => {
    const request = (await signV4a(putKey, kvsV4a)).request
    rejects({ ...request, rawUrl: request.rawUrl.replace('my%20key', 'my%20kez') }, 'SignatureMismatch')
    // Decoding the label first would make the ARN's %2F a real '/': not the same request.
    rejects({ ...request, rawUrl: request.rawUrl.replace('%2F', '/') }, 'SignatureMismatch')
  })

  test('verifyRequest: a tampered signed header is SignatureMismatch', async () => {
    const request = (await signV4a(putKey, kvsV4a)).request
    rejects(
      { ...request, headers: { ...request.headers, 'if-match': 'KV0AB12C3DEF457' } },
      'SignatureMismatch',
    )
    rejects(
      { ...request, headers: { ...request.headers, host: '210987654321.kvs.local:4566' } },
      'SignatureMismatch',
    )
    const { 'if-match': _dropped, ...withoutIfMatch } = request.headers
    rejects({ ...request, headers: withoutIfMatch }, 'SignatureMismatch')
  })

  test('verifyRequest: an unsigned header may change', async () => {
    const request = (await signV4a(putKey, kvsV4a)).request
    verifyRequest({ ...request, headers: { ...request.headers, 'user-agent': 'curl/8' } }, credentials, {
      now,
    })
  })

  test('verifyRequest: no Authorization is MissingAuthentication', async () => {
    const { authorization: _dropped, ...headers } = (await signV4(createFunction, cloudfront)).headers
    const request = await signV4(createFunction, cloudfront)
    rejects({ ...request, headers }, 'MissingAuthentication')
    rejects({ ...request, headers: { ...headers, authorization: '' } }, 'MissingAuthentication')
  })

  test('verifyRequest: a malformed Authorization is MalformedAuthorization', async () => {
    const request = await signV4(createFunction, cloudfront)
    const auth = String(request.headers.authorization)
    const variants = [
      'Bearer abc',
      'AWS AKIAVERGETESTKEY0001:c2lnbmF0dXJl',
      auth.replace(/, Signature=[0-9a-f]+/, ''),
      auth.replace('/aws4_request', '/aws5_request'),
      auth.replace('/us-east-1', ''),
      auth.replace('SignedHeaders=', 'SignedHeaders=Host;'),
      auth.replace(/Signature=[0-9a-f]+/, 'Signature=zz'),
      `${auth}, Signature=00`,
      'AWS4-HMAC-SHA256',
    ]
    for (const variant of variants) {
      rejects(
        { ...request, headers: { ...request.headers, authorization: variant } },
        'MalformedAuthorization',
      )
    }
  })

  test('verifyRequest: tolerates other spacing, comma placement and field order', async () => {
    const request = await signV4(createFunction, cloudfront)
    const auth = String(request.headers.authorization)
    const [algorithm, ...fields] = auth.split(/,?\s+/)
    for (const variant of [
      `${algorithm}   ${fields.join(',')}`,
      `${algorithm} ${[...fields].reverse().join(' ,  ')}`,
      `${algorithm}\t${fields.join(', ')}`,
    ]) {
      verifyRequest({ ...request, headers: { ...request.headers, authorization: variant } }, credentials, {
        now,
      })
    }
  })

  test('verifyRequest: a request dated 20 minutes ago (or ahead) is RequestExpired', async () => {
    const request = (await signV4a(putKey, kvsV4a)).request
    const error = rejects(request, 'RequestExpired', credentials, new Date(now.getTime() + 20 * 60_000))
    assert.match(error.message, /20240508T145018Z/)
    rejects(request, 'RequestExpired', credentials, new Date(now.getTime() - 20 * 60_000))
    const { 'x-amz-date': _dropped, ...undated } = request.headers
    rejects({ ...request, headers: undated }, 'RequestExpired')
  })

  test('verifyRequest: a body hash header that does not match the body is PayloadHashMismatch', async () => {
    const wrongHash = createHash('sha256').update('something else').digest('hex')
    const request = await signV4(
      { ...createFunction, headers: { ...createFunction.headers, 'x-amz-content-sha256': wrongHash } },
      cloudfront,
    )
    rejects(request, 'PayloadHashMismatch')
  })

  test('verifyRequest: messages never carry the secret or the expected signature', async () => {
    const wrong = { ...credentials, secretAccessKey: 'another-secret-entirely-0000000000000000' }
    const request = await signV4(createFunction, cloudfront)
    const error = rejects(request, 'SignatureMismatch', wrong)
    const expected = String(
      (await signV4(createFunction, { ...cloudfront, credentials: wrong })).headers.authorization,
    )
    const expectedSignature = expected.slice(expected.indexOf('Signature=') + 10)
    const everything = `${error.message}\n${error.debug?.canonicalRequest}\n${error.debug?.stringToSign}`
    assert.ok(!everything.includes(wrong.secretAccessKey))
    assert.ok(!everything.includes(expectedSignature))
  })
})

test('verifyRequest: a signature that does not sign host is MalformedAuthorization', async () => {
  // The SDK always signs host; sign without it as an attacker could, with the SDK's own signer.
  const signer = new SignatureV4({
    credentials,
    region: 'us-east-1',
    service: 'cloudfront',
    sha256: Hash.bind(null, 'sha256'),
  })
  const signed = (await signer.sign(makeHttpRequest(createFunction), {
    signingDate,
    unsignableHeaders: new Set(['host']),
  })) as HttpRequest
  const request = toSignedRequest(signed)
  assert.doesNotMatch(String(request.headers.authorization), /SignedHeaders=[^,]*host/)
  const error = rejects(request, 'MalformedAuthorization')
  assert.match(error.message, /host/)
  const presigned = await presignV4(listKeys, { ...kvsV4, expiresIn: 300 })
  const unsigned = presigned.rawUrl.replace(/X-Amz-SignedHeaders=host/, 'X-Amz-SignedHeaders=x-amz-date')
  assert.notEqual(unsigned, presigned.rawUrl)
  rejects({ ...presigned, rawUrl: unsigned }, 'MalformedAuthorization')
})
