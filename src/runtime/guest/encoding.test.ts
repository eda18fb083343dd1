import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  INTERESTING_LENGTHS,
  randomBytes,
  randomString,
  randomUtf8ish,
  seededRandom,
} from '../../../test/helpers/guest-random.js'
import { createEncoding } from './encoding.js'

const enc = createEncoding()
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

test('utf8Encode: matches Buffer.from(s, "utf8") on random text with lone surrogates', () => {
  const rng = seededRandom(1)
  for (let i = 0; i < 600; i++) {
    const s = randomString(rng, 80)
    assert.equal(hex(enc.utf8Encode(s)), Buffer.from(s, 'utf8').toString('hex'), JSON.stringify(s))
    assert.equal(enc.utf8ByteLength(s), Buffer.byteLength(s, 'utf8'))
  }
  assert.deepEqual([...enc.utf8Encode('a\uD800b\uDC00')], [0x61, 0xef, 0xbf, 0xbd, 0x62, 0xef, 0xbf, 0xbd])
})

test('utf8Decode: matches Buffer#toString (BOM kept) and TextDecoder (BOM stripped) on damaged UTF-8', () => {
  const rng = seededRandom(2)
  const strict = new TextDecoder('utf-8', { fatal: true })
  for (let i = 0; i < 800; i++) {
    const bytes = i % 5 === 0 ? randomBytes(rng, rng.int(40)) : randomUtf8ish(rng, 40)
    if (i % 7 === 0) bytes.set([0xef, 0xbb, 0xbf].slice(0, bytes.length))
    const label = hex(bytes)
    assert.equal(enc.utf8Decode(bytes, { ignoreBOM: true }), Buffer.from(bytes).toString('utf8'), label)
    assert.equal(enc.utf8Decode(bytes), new TextDecoder().decode(bytes), label)
    let expected: string | undefined
    try {
      expected = strict.decode(bytes)
    } catch {}
    if (expected === undefined) assert.throws(() => enc.utf8Decode(bytes, { fatal: true }), TypeError, label)
    else assert.equal(enc.utf8Decode(bytes, { fatal: true }), expected, label)
  }
})

test('utf8Decode: handles inputs longer than its 8192-unit chunks', () => {
  const s = 'a€😀'.repeat(5000)
  assert.equal(enc.utf8Decode(Buffer.from(s)), s)
})

test('utf8Write: writes whole characters only, like TextEncoder#encodeInto', () => {
  const rng = seededRandom(3)
  const encoder = new TextEncoder()
  for (let i = 0; i < 400; i++) {
    const s = randomString(rng, 20)
    const size = rng.int(50)
    const mine = new Uint8Array(size)
    const node = new Uint8Array(size)
    const result = enc.utf8Write(s, mine, 0, size)
    assert.deepEqual(result, encoder.encodeInto(s, node), JSON.stringify(s))
    assert.deepEqual(mine, node)
  }
})

test('base64Encode: matches Buffer#toString("base64" | "base64url") for lengths 0..300', () => {
  const rng = seededRandom(4)
  for (const length of [...INTERESTING_LENGTHS, ...Array.from({ length: 60 }, () => rng.int(301))]) {
    const bytes = randomBytes(rng, length)
    assert.equal(enc.base64Encode(bytes), Buffer.from(bytes).toString('base64'))
    assert.equal(enc.base64Encode(bytes, true), Buffer.from(bytes).toString('base64url'))
  }
})

test('base64Decode: as lenient as Buffer.from(s, "base64") on noisy Latin-1 input', () => {
  const rng = seededRandom(5)
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_'
  const noise = ' \t\r\n=.*$é\u00ff\u0000'
  for (let i = 0; i < 800; i++) {
    let s = ''
    const length = rng.int(40)
    for (let j = 0; j < length; j++) s += rng.int(8) === 0 ? rng.pick([...noise]) : rng.pick([...alphabet])
    assert.equal(hex(enc.base64Decode(s)), Buffer.from(s, 'base64').toString('hex'), JSON.stringify(s))
  }
})

test('base64Decode: skips characters above U+00FF (Node truncates them to a byte: a deliberate difference)', () => {
  assert.equal(hex(enc.base64Decode('QU\u0141JD')), '414243')
})

test('base64DecodeStrict: accepts exactly what atob accepts, and decodes the same bytes', () => {
  const rng = seededRandom(6)
  const pieces = [
    ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
    '=',
    '==',
    ' ',
    '\n',
    '-',
    '_',
    '\u00e9',
  ]
  for (let i = 0; i < 1500; i++) {
    let s = ''
    const length = rng.int(14)
    for (let j = 0; j < length; j++) s += rng.int(6) === 0 ? rng.pick(pieces) : rng.pick(pieces.slice(0, 64))
    let expected: string | null = null
    try {
      expected = Buffer.from(atob(s), 'latin1').toString('hex')
    } catch {}
    const mine = enc.base64DecodeStrict(s)
    assert.equal(mine === null ? null : hex(mine), expected, JSON.stringify(s))
  }
})

test('hexEncode / hexDecode: match Buffer, stopping at the first invalid pair', () => {
  const rng = seededRandom(7)
  for (const length of INTERESTING_LENGTHS) {
    const bytes = randomBytes(rng, length)
    assert.equal(enc.hexEncode(bytes), Buffer.from(bytes).toString('hex'))
    assert.deepEqual(enc.hexDecode(enc.hexEncode(bytes).toUpperCase()), bytes)
  }
  for (let i = 0; i < 300; i++) {
    let s = ''
    const length = rng.int(12)
    for (let j = 0; j < length; j++) s += rng.pick([...'0123456789abcdefABCDEFgz \u0100'])
    assert.equal(hex(enc.hexDecode(s)), Buffer.from(s, 'hex').toString('hex'), JSON.stringify(s))
  }
})

test('latin1Encode / latin1Decode: one byte per character, like Buffer "latin1"', () => {
  const rng = seededRandom(8)
  for (let i = 0; i < 100; i++) {
    const s = randomString(rng, 30)
    assert.equal(hex(enc.latin1Encode(s)), Buffer.from(s, 'latin1').toString('hex'))
    const bytes = randomBytes(rng, rng.int(300))
    assert.equal(enc.latin1Decode(bytes), Buffer.from(bytes).toString('latin1'))
  }
})
