import assert from 'node:assert/strict'
import nodeCrypto from 'node:crypto'
import { test } from 'node:test'
import {
  INTERESTING_LENGTHS,
  randomBytes,
  randomString,
  seededRandom,
} from '../../../test/helpers/guest-random.js'
import { composeGuestLibrary } from './compose-for-test.js'

const { crypto, Buffer: GuestBuffer } = composeGuestLibrary()
const ALGORITHMS = ['md5', 'sha1', 'sha256'] as const

test('createHash: md5/sha1/sha256 match node:crypto for lengths 0..300, fed in random pieces', () => {
  const rng = seededRandom(31)
  const lengths = [...INTERESTING_LENGTHS, ...Array.from({ length: 40 }, () => rng.int(301))]
  for (const algorithm of ALGORITHMS) {
    for (const length of lengths) {
      const data = randomBytes(rng, length)
      const mine = crypto.createHash(algorithm)
      for (let at = 0; at < length; ) {
        const next = Math.min(length, at + rng.int(80))
        mine.update(data.subarray(at, next))
        at = next
      }
      const expected = nodeCrypto.createHash(algorithm).update(data).digest()
      const out = mine.digest()
      assert.ok(out instanceof GuestBuffer)
      assert.equal(out.toString('hex'), expected.toString('hex'), `${algorithm} ${length}`)
    }
  }
})

test('createHash: string inputs and input encodings, and every digest encoding, match node:crypto', () => {
  const rng = seededRandom(32)
  for (let i = 0; i < 300; i++) {
    const algorithm = rng.pick(ALGORITHMS)
    const s = randomString(rng, 40)
    const inputEncoding = rng.pick([undefined, 'utf8', 'hex', 'base64', 'base64url', 'latin1', 'nope'])
    const input =
      inputEncoding === 'hex' || inputEncoding?.startsWith('base64') ? s.replace(/[\u0100-\uffff]/g, 'x') : s
    const digestEncoding = rng.pick(['hex', 'base64', 'base64url', 'latin1', 'buffer', undefined] as const)
    const result = (run: () => unknown) => {
      try {
        const value = run()
        return typeof value === 'string' ? value : Buffer.from(value as Uint8Array).toString('hex')
      } catch (error) {
        return `${(error as Error).name} ${(error as Error).message}`
      }
    }
    assert.equal(
      result(() => crypto.createHash(algorithm).update(input, inputEncoding).digest(digestEncoding)),
      result(() =>
        nodeCrypto
          .createHash(algorithm)
          .update(input, inputEncoding as BufferEncoding)
          .digest(digestEncoding as 'hex'),
      ),
      `${algorithm} ${inputEncoding} ${digestEncoding} ${JSON.stringify(input)}`,
    )
  }
  const typed = new Uint16Array([1, 2, 0xffff])
  assert.equal(
    crypto.createHash('sha1').update(typed).digest('hex'),
    nodeCrypto.createHash('sha1').update(typed).digest('hex'),
  )
  const view = new DataView(new Uint8Array([9, 8, 7, 6]).buffer, 1, 2)
  assert.equal(
    crypto.createHash('md5').update(view).digest('hex'),
    nodeCrypto.createHash('md5').update(view).digest('hex'),
  )
})

test('createHmac: matches node:crypto for keys of 0..200 bytes (block size 64 and beyond) and string keys', () => {
  const rng = seededRandom(33)
  for (const algorithm of ALGORITHMS) {
    for (const keyLength of [0, 1, 20, 63, 64, 65, 100, 128, 200]) {
      const key = randomBytes(rng, keyLength)
      const data = randomBytes(rng, rng.pick(INTERESTING_LENGTHS))
      const expected = nodeCrypto.createHmac(algorithm, key).update(data).digest('hex')
      assert.equal(
        crypto.createHmac(algorithm, key).update(data).digest('hex'),
        expected,
        `${algorithm} ${keyLength}`,
      )
      assert.equal(
        crypto.createHmac(algorithm, GuestBuffer.from(key)).update(data).digest().toString('hex'),
        expected,
      )
    }
    const key = randomString(rng, 90)
    const message = randomString(rng, 90)
    assert.equal(
      crypto.createHmac(algorithm.toUpperCase(), key).update(message).digest('base64url'),
      nodeCrypto.createHmac(algorithm, key).update(message).digest('base64url'),
    )
  }
})

test('crypto: errors and finalisation behave as in Node', () => {
  assert.throws(() => crypto.createHash('sha512'), { name: 'Error', message: 'Digest method not supported' })
  assert.throws(() => crypto.createHmac('sha512', 'k'), {
    name: 'TypeError',
    code: 'ERR_CRYPTO_INVALID_DIGEST',
  })
  assert.throws(() => crypto.createHash('md5').update(42), {
    name: 'TypeError',
    code: 'ERR_INVALID_ARG_TYPE',
  })
  assert.throws(() => crypto.createHash('md5').update(new ArrayBuffer(2)), { code: 'ERR_INVALID_ARG_TYPE' })
  assert.throws(() => crypto.createHmac('md5', 42), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
  const hash = crypto.createHash('SHA-256')
  hash.digest()
  assert.throws(() => hash.digest(), { code: 'ERR_CRYPTO_HASH_FINALIZED', message: 'Digest already called' })
  assert.throws(() => hash.update('x'), { code: 'ERR_CRYPTO_HASH_FINALIZED' })
  const hmac = crypto.createHmac('sha1', 'k')
  hmac.digest()
  assert.equal(hmac.digest('hex'), '') // Node returns an empty digest the second time
  assert.throws(() => hmac.update('x'), { code: 'ERR_CRYPTO_HASH_FINALIZED' })
})

test('createHash: update is chainable and copy() forks the running state', () => {
  const hash = crypto.createHash('sha256').update('ab')
  const fork = hash.copy()
  assert.equal(hash.update('c').digest('hex'), nodeCrypto.createHash('sha256').update('abc').digest('hex'))
  assert.equal(fork.update('d').digest('hex'), nodeCrypto.createHash('sha256').update('abd').digest('hex'))
})
