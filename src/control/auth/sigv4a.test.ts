import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type RequestSpec, signV4a } from '../../../test/helpers/aws-signing.js'
import { deriveSigV4aPrivateKey, publicKeyFor, verifySigV4a } from './sigv4a.js'

const spec: RequestSpec = { method: 'GET', hostname: '123456789012.localhost', path: '/key-value-stores/x' }
const signingDate = new Date('2024-05-08T14:50:18Z')

async function sdkSign(accessKeyId: string, secretAccessKey: string) {
  return signV4a(spec, {
    credentials: { accessKeyId, secretAccessKey },
    service: 'cloudfront-keyvaluestore',
    signingDate,
  })
}

test('deriveSigV4aPrivateKey: equals the key @aws-sdk/signature-v4a derives and signs with', async () => {
  const pairs: [string, string][] = [
    ['AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'],
    ['AKIAVERGETESTKEY0001', 'x'],
    ['test', 'test'],
    ['AKIA2345ABCDEFGHIJKL', 'a'.repeat(100)],
  ]
  for (const [accessKeyId, secret] of pairs) {
    const { privateKey } = await sdkSign(accessKeyId, secret)
    assert.equal(
      deriveSigV4aPrivateKey(accessKeyId, secret).toString('hex'),
      Buffer.from(privateKey).toString('hex'),
    )
  }
})

test('deriveSigV4aPrivateKey: d = c + 1 carries across bytes like the SDK', async () => {
  // Find an access key whose d ends in 0x00, i.e. whose HMAC output c ended in 0xff.
  let accessKeyId = ''
  for (let i = 0; i < 5000 && !accessKeyId; i++) {
    if (deriveSigV4aPrivateKey(`AKIDCARRY${i}`, 'secret').at(-1) === 0) accessKeyId = `AKIDCARRY${i}`
  }
  assert.ok(accessKeyId, 'no carrying key found in the range')
  const { privateKey } = await sdkSign(accessKeyId, 'secret')
  assert.equal(
    deriveSigV4aPrivateKey(accessKeyId, 'secret').toString('hex'),
    Buffer.from(privateKey).toString('hex'),
  )
})

test('verifySigV4a: an SDK signature verifies with our derived public key, not with another secret', async () => {
  const { stringToSign, signature } = await sdkSign('AKIDEXAMPLE', 'right-secret')
  assert.equal(verifySigV4a(stringToSign, signature, 'AKIDEXAMPLE', 'right-secret'), true)
  assert.equal(verifySigV4a(stringToSign, signature, 'AKIDEXAMPLE', 'wrong-secret'), false)
  assert.equal(verifySigV4a(stringToSign, signature, 'AKIDOTHER', 'right-secret'), false)
  assert.equal(verifySigV4a(`${stringToSign}x`, signature, 'AKIDEXAMPLE', 'right-secret'), false)
})

test('verifySigV4a: garbage signatures fail without throwing', () => {
  for (const signature of ['', 'zz', '0', '00', '3006020101020101', 'ab'.repeat(100)]) {
    assert.equal(verifySigV4a('string', signature, 'AKIDEXAMPLE', 'right-secret'), false)
  }
})

test('publicKeyFor: cached per access key and secret', () => {
  const first = publicKeyFor('AKIDCACHE', 'one')
  assert.equal(publicKeyFor('AKIDCACHE', 'one'), first)
  const other = publicKeyFor('AKIDCACHE', 'two')
  assert.notEqual(other, first)
  assert.notDeepEqual(other.export({ format: 'jwk' }), first.export({ format: 'jwk' }))
})
