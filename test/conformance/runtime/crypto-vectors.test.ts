// Published test vectors for the guest `crypto` module: RFC 1321 (MD5),
// FIPS 180 examples (SHA-1, SHA-256), RFC 2202 (HMAC-MD5, HMAC-SHA1), RFC 4231 (HMAC-SHA256).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { composeGuestLibrary } from '../../../src/runtime/guest/compose-for-test.js'

const { crypto, Buffer: GuestBuffer } = composeGuestLibrary()

/** Checks one digest in every output form: hex, base64, base64url and a guest Buffer. */
function assertDigest(make: () => { digest(encoding?: string): unknown }, hex: string, label: string) {
  const bytes = Buffer.from(hex, 'hex')
  assert.equal(make().digest('hex'), hex, `${label} hex`)
  assert.equal(make().digest('base64'), bytes.toString('base64'), `${label} base64`)
  assert.equal(make().digest('base64url'), bytes.toString('base64url'), `${label} base64url`)
  const buffer = make().digest()
  assert.ok(buffer instanceof GuestBuffer, `${label} Buffer`)
  assert.deepEqual([...(buffer as Uint8Array)], [...bytes], `${label} Buffer bytes`)
}

const million = 'a'.repeat(1_000_000)
const fips448 = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'

test('md5: the RFC 1321 test suite', () => {
  const suite: [string, string][] = [
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
  ]
  for (const [input, hex] of suite)
    assertDigest(() => crypto.createHash('md5').update(input), hex, `md5(${input})`)
})

test('sha1: FIPS 180 examples ("abc", "", the 448-bit message, one million "a")', () => {
  const suite: [string, string][] = [
    ['abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    [fips448, '84983e441c3bd26ebaae4aa1f95129e5e54670f1'],
    [million, '34aa973cd4c4daa4f61eeb2bdbad27316534016f'],
  ]
  for (const [input, hex] of suite)
    assertDigest(() => crypto.createHash('sha1').update(input), hex, `sha1(${input.slice(0, 8)})`)
})

test('sha256: FIPS 180 examples ("abc", "", the 448-bit message, one million "a")', () => {
  const suite: [string, string][] = [
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    [fips448, '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    [million, 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ]
  for (const [input, hex] of suite)
    assertDigest(() => crypto.createHash('sha256').update(input), hex, `sha256(${input.slice(0, 8)})`)
})

test('sha256: one million "a" fed 1000 bytes at a time gives the same digest', () => {
  const hash = crypto.createHash('sha256')
  const chunk = GuestBuffer.alloc(1000, 'a')
  for (let i = 0; i < 1000; i++) hash.update(chunk)
  assert.equal(hash.digest('hex'), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0')
})

const bytes = (length: number, value: number) => new Uint8Array(length).fill(value)
const counting = Uint8Array.from({ length: 25 }, (_, i) => i + 1)

test('hmac sha256: RFC 4231 test cases 1-7', () => {
  const cases: [Uint8Array | string, Uint8Array | string, string][] = [
    [bytes(20, 0x0b), 'Hi There', 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
    [
      'Jefe',
      'what do ya want for nothing?',
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    ],
    [bytes(20, 0xaa), bytes(50, 0xdd), '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'],
    [counting, bytes(50, 0xcd), '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b'],
    // Case 5 publishes the output truncated to 128 bits.
    [bytes(20, 0x0c), 'Test With Truncation', 'a3b6167473100ee06e0c796c2955552b'],
    [
      bytes(131, 0xaa),
      'Test Using Larger Than Block-Size Key - Hash Key First',
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    ],
    [
      bytes(131, 0xaa),
      'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
      '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    ],
  ]
  cases.forEach(([key, data, hex], i) => {
    if (hex.length === 32) {
      assert.equal(crypto.createHmac('sha256', key).update(data).digest('hex').slice(0, 32), hex, 'case 5')
      return
    }
    assertDigest(() => crypto.createHmac('sha256', key).update(data), hex, `RFC 4231 case ${i + 1}`)
  })
})

test('hmac md5 and hmac sha1: RFC 2202 test cases 1-7', () => {
  const data = [
    'Hi There',
    'what do ya want for nothing?',
    bytes(50, 0xdd),
    bytes(50, 0xcd),
    'Test With Truncation',
    'Test Using Larger Than Block-Size Key - Hash Key First',
    'Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data',
  ]
  const keys = (size: number) => [
    bytes(size, 0x0b),
    'Jefe',
    bytes(size, 0xaa),
    counting,
    bytes(size, 0x0c),
    bytes(80, 0xaa),
    bytes(80, 0xaa),
  ]
  const expected = {
    md5: [
      '9294727a3638bb1c13f48ef8158bfc9d',
      '750c783e6ab0b503eaa86e310a5db738',
      '56be34521d144c88dbb8c733f0e8b3f6',
      '697eaf0aca3a3aea3a75164746ffaa79',
      '56461ef2342edc00f9bab995690efd4c',
      '6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd',
      '6f630fad67cda0ee1fb1f562db3aa53e',
    ],
    sha1: [
      'b617318655057264e28bc0b6fb378c8ef146be00',
      'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79',
      '125d7342b9ac11cd91a39af48aa17b4f63f175d3',
      '4c9007f4026250c6bc8414f9bf50c86c2d7235da',
      '4c1a03424b55e07fe7f27be1d58bb9324a9a5a04',
      'aa4ae5e15272d00e95705637ce8a3b55ed402112',
      'e8e99d0f45237d786d6bbaa7965c7808bbff1a91',
    ],
  }
  for (const [algorithm, size] of [
    ['md5', 16],
    ['sha1', 20],
  ] as const) {
    keys(size).forEach((key, i) => {
      assertDigest(
        () => crypto.createHmac(algorithm, key).update(data[i]!),
        expected[algorithm][i]!,
        `RFC 2202 ${algorithm} case ${i + 1}`,
      )
    })
  }
})

test('crypto: algorithm names are case-insensitive and update takes hex/base64 input', () => {
  assert.equal(
    crypto.createHash('SHA256').update('616263', 'hex').digest('hex'),
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  )
  assert.equal(
    crypto.createHash('Md5').update('YWJj', 'base64').digest('hex'),
    '900150983cd24fb0d6963f7d28e17f72',
  )
  assert.equal(
    crypto.createHash('sha1').update('YWJj', 'base64url').digest('hex'),
    'a9993e364706816aba3e25717850c26c9cd0d89d',
  )
  assert.throws(() => crypto.createHash('sha512'), /Digest method not supported/)
})
