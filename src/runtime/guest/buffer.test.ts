import assert from 'node:assert/strict'
import { constants } from 'node:buffer'
import { test } from 'node:test'
import {
  INTERESTING_LENGTHS,
  type Random,
  randomBytes,
  randomString,
  seededRandom,
} from '../../../test/helpers/guest-random.js'
import { createBuffer } from './buffer.js'
import { createEncoding } from './encoding.js'

const GuestBuffer = createBuffer(createEncoding())
const ENCODINGS = ['utf8', 'utf-8', 'UTF8', 'hex', 'base64', 'base64url', 'Base64Url'] as const

// The largest buffer in range messages: the guest keeps Node 20's 2^32; Node 22 raised its own
// to 2^53 - 1. Messages are compared with either written as MAX_LENGTH.
const GUEST_MAX_LENGTH = String(2 ** 32)
const normalizeMaxLength = (message: string) =>
  message.replaceAll(GUEST_MAX_LENGTH, 'MAX_LENGTH').replaceAll(String(constants.MAX_LENGTH), 'MAX_LENGTH')

/** What a call did, comparable across Node's Buffer and ours: a value, or an error's class, code and message. */
function outcome(run: () => unknown): unknown {
  try {
    const value = run()
    if (value instanceof Uint8Array) return { bytes: [...value] }
    return { value }
  } catch (error) {
    const e = error as { name: string; code?: string; message: string }
    return { error: e.name, code: e.code, message: normalizeMaxLength(e.message) }
  }
}

/** Runs `fn` on a Node Buffer and a guest Buffer holding the same bytes; results and bytes must agree. */
function same(bytes: Uint8Array, fn: (buf: any, B: any) => unknown, label: string) {
  const node = Buffer.from(bytes)
  const mine = GuestBuffer.from(bytes)
  assert.deepEqual(
    outcome(() => fn(mine, GuestBuffer)),
    outcome(() => fn(node, Buffer)),
    label,
  )
  assert.deepEqual([...mine], [...node], `${label}: bytes after`)
}

const offsets = (rng: Random, length: number) =>
  rng.pick([0, 1, length - 1, length, length + 1, -1, rng.int(length + 3), 1.5, Number.NaN, '1', undefined])

test('Buffer: is callable with and without new, extends Uint8Array, and its views are Buffers', () => {
  const buf = GuestBuffer.from('hello')
  assert.ok(buf instanceof GuestBuffer && buf instanceof Uint8Array)
  assert.ok(GuestBuffer.isBuffer(buf.subarray(1)) && GuestBuffer.isBuffer(buf.slice(1)))
  assert.ok(GuestBuffer.isBuffer(buf.map((x: number) => x + 1)))
  assert.equal(buf.slice(1, 3).buffer, buf.buffer) // slice is a view, as in Node
  assert.equal(GuestBuffer(3).length, 3)
  assert.equal(new GuestBuffer('abc').toString(), 'abc')
  assert.equal(GuestBuffer.isBuffer(new Uint8Array(2)), false)
})

test('Buffer.from / toString: match Node for every encoding, on random text and ranges', () => {
  const rng = seededRandom(11)
  for (let i = 0; i < 400; i++) {
    const encoding = rng.pick(ENCODINGS)
    const s = encoding.toLowerCase().startsWith('utf')
      ? randomString(rng, 30)
      : randomString(rng, 30, 'abcdef0123456789+/=-_ ')
    const text = s.replace(
      /[\u0100-\uffff]/g,
      encoding.toLowerCase().startsWith('utf') ? (c) => c : () => 'x',
    )
    assert.deepEqual(
      [...GuestBuffer.from(text, encoding)],
      [...Buffer.from(text, encoding as BufferEncoding)],
      `${encoding} ${JSON.stringify(text)}`,
    )
    const bytes = randomBytes(rng, rng.int(40))
    const start = offsets(rng, bytes.length)
    const end = offsets(rng, bytes.length)
    const encoding2 = rng.pick(ENCODINGS)
    same(bytes, (b) => b.toString(encoding2, start, end), `toString ${encoding2} ${start} ${end}`)
    same(bytes, (b) => b.toString(), 'toString()')
  }
})

test('Buffer.from: arrays, array-likes, ArrayBuffers with offsets, typed arrays, toJSON shapes and bad input', () => {
  const ab = new Uint8Array([1, 2, 3, 4, 5]).buffer
  const cases: [string, (B: any) => unknown][] = [
    ['array', (B) => B.from([1, 256, -1, 3.7, '7', 'x'])],
    ['array-like', (B) => B.from({ length: 3, 0: 9, 2: 8 })],
    ['length not a number', (B) => B.from({ length: 'x' })],
    ['arraybuffer', (B) => B.from(ab)],
    ['arraybuffer offset', (B) => B.from(ab, 2)],
    ['arraybuffer offset length', (B) => B.from(ab, 1, 2)],
    ['arraybuffer NaN offset', (B) => B.from(ab, 'x')],
    ['arraybuffer offset too big', (B) => B.from(ab, 6)],
    ['arraybuffer length too big', (B) => B.from(ab, 1, 5)],
    ['float32array', (B) => B.from(new Float32Array([1.5, 300, -2]))],
    ['uint16array', (B) => B.from(new Uint16Array([258, 7]))],
    ['json', (B) => B.from({ type: 'Buffer', data: [1, 2, 3] })],
    ['String object', (B) => B.from(new String('héllo'))],
    ['number', (B) => B.from(5)],
    ['null', (B) => B.from(null)],
    ['unknown encoding', (B) => B.from('x', 'nope')],
    ['empty encoding', (B) => B.from('x', '')],
  ]
  for (const [label, run] of cases)
    assert.deepEqual(
      outcome(() => run(GuestBuffer)),
      outcome(() => run(Buffer)),
      label,
    )
  // Node's other encodings are outside CloudFront's subset.
  for (const e of ['latin1', 'binary', 'ascii', 'ucs2', 'utf16le']) {
    assert.throws(() => GuestBuffer.from('x', e), { name: 'TypeError', code: 'ERR_UNKNOWN_ENCODING' })
    assert.throws(() => GuestBuffer.alloc(1).toString(e), { name: 'TypeError', code: 'ERR_UNKNOWN_ENCODING' })
  }
  const view = GuestBuffer.from(ab, 1, 2)
  assert.equal(view.buffer, ab) // a view, not a copy
})

test('Buffer statics: alloc, allocUnsafe, byteLength, compare, concat, isEncoding match Node', () => {
  const rng = seededRandom(12)
  const cases: [string, (B: any) => unknown][] = [
    ['alloc', (B) => B.alloc(5)],
    ['alloc fill number', (B) => B.alloc(5, 257)],
    ['alloc fill string', (B) => B.alloc(7, 'ab')],
    ['alloc fill hex', (B) => B.alloc(5, 'a1b2', 'hex')],
    ['alloc fill base64', (B) => B.alloc(5, 'AQI=', 'base64')],
    ['alloc fill buffer', (B) => B.alloc(5, B.from([7, 8]))],
    ['alloc bad hex fill', (B) => B.alloc(5, 'zz', 'hex')],
    ['alloc negative', (B) => B.alloc(-1)],
    ['alloc string', (B) => B.alloc('3')],
    ['alloc fraction', (B) => B.alloc(2.5)],
    ['allocUnsafe', (B) => B.allocUnsafe(3).length],
    ['byteLength buffer', (B) => B.byteLength(new Uint16Array(3))],
    ['byteLength arraybuffer', (B) => B.byteLength(new ArrayBuffer(7))],
    ['byteLength number', (B) => B.byteLength(5)],
    ['byteLength unknown encoding', (B) => B.byteLength('héllo', 'nope')],
    ['compare bad', (B) => B.compare(B.alloc(1), 'x')],
    ['concat', (B) => B.concat([B.from('ab'), new Uint8Array([1]), B.from('c')])],
    ['concat total shorter', (B) => B.concat([B.from('abc'), B.from('def')], 4)],
    ['concat total longer', (B) => B.concat([B.from('abc')], 6)],
    ['concat empty', (B) => B.concat([])],
    ['concat bad item', (B) => B.concat([B.from('a'), 'b'])],
    ['concat not array', (B) => B.concat('ab')],
    ['concat bad total', (B) => B.concat([B.from('a')], -1)],
  ]
  for (const [label, run] of cases)
    assert.deepEqual(
      outcome(() => run(GuestBuffer)),
      outcome(() => run(Buffer)),
      label,
    )
  for (const name of ['utf8', 'UTF-8', 'hex', 'base64', 'BASE64URL', 'nope', '', 5]) {
    assert.equal(GuestBuffer.isEncoding(name), Buffer.isEncoding(name as string), String(name))
  }
  for (const name of ['latin1', 'binary', 'ascii', 'ucs2', 'utf16le'])
    assert.equal(GuestBuffer.isEncoding(name), false)
  for (let i = 0; i < 300; i++) {
    const s = randomString(rng, 20, 'QUJD==')
    const e = rng.pick(['utf8', 'hex', 'base64', 'base64url', undefined])
    assert.equal(
      GuestBuffer.byteLength(s, e),
      Buffer.byteLength(s, e as BufferEncoding),
      `${e} ${JSON.stringify(s)}`,
    )
    const a = randomBytes(rng, rng.int(4))
    const b = randomBytes(rng, rng.int(4))
    assert.equal(GuestBuffer.compare(GuestBuffer.from(a), b), Buffer.compare(Buffer.from(a), b))
  }
})

test('Buffer#read* / write*: values, bounds and value range errors match Node', () => {
  const rng = seededRandom(13)
  const fixed = [
    'UInt8',
    'Uint8',
    'Int8',
    'UInt16LE',
    'UInt16BE',
    'Uint16LE',
    'Uint16BE',
    'Int16LE',
    'Int16BE',
    'UInt32LE',
    'UInt32BE',
    'Uint32LE',
    'Uint32BE',
    'Int32LE',
    'Int32BE',
    'FloatLE',
    'FloatBE',
    'DoubleLE',
    'DoubleBE',
  ]
  const variable = ['UIntLE', 'UIntBE', 'UintLE', 'UintBE', 'IntLE', 'IntBE']
  const values = () =>
    rng.pick([
      0,
      1,
      -1,
      127,
      128,
      255,
      256,
      -129,
      65535,
      65536,
      -32769,
      2 ** 31,
      2 ** 32 - 1,
      2 ** 32,
      -(2 ** 31) - 1,
      2 ** 40,
      2 ** 47,
      -(2 ** 47),
      2 ** 48 - 1,
      2 ** 48,
      1.5,
      -1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '12',
      rng.next() * 1e6 - 5e5,
      rng.int(2 ** 32),
    ])
  for (let i = 0; i < 3000; i++) {
    const bytes = randomBytes(rng, rng.int(12))
    const offset = offsets(rng, bytes.length)
    if (i % 2 === 0) {
      const name = rng.pick(fixed)
      same(bytes, (b) => b[`read${name}`](offset), `read${name}(${offset})`)
      const value = values()
      same(bytes, (b) => b[`write${name}`](value, offset), `write${name}(${value}, ${offset})`)
      same(bytes, (b) => b[`read${name}`](), `read${name}()`)
    } else {
      const name = rng.pick(variable)
      const size = rng.pick([1, 2, 3, 4, 5, 6, 6, 5, 0, 7, 2.5, undefined])
      same(bytes, (b) => b[`read${name}`](offset, size), `read${name}(${offset}, ${size})`)
      const value = values()
      same(bytes, (b) => b[`write${name}`](value, offset, size), `write${name}(${value}, ${offset}, ${size})`)
    }
  }
})

test('Buffer#fill / indexOf / lastIndexOf / includes: match Node on random needles, offsets and encodings', () => {
  const rng = seededRandom(14)
  for (let i = 0; i < 2500; i++) {
    const bytes = Uint8Array.from(randomBytes(rng, rng.int(16)), (x) => x % 4) // small alphabet: many matches
    const needle = rng.pick([
      rng.int(4),
      rng.int(600) - 300,
      Buffer.from(Uint8Array.from(randomBytes(rng, rng.int(4)), (x) => x % 4)).toString('hex'),
      String.fromCharCode(rng.int(4)).repeat(rng.int(3)),
      'AAE=',
      '',
      'zz',
    ])
    const offset = rng.pick([undefined, 0, 1, 3, -1, -3, -100, 100, Number.NaN, 'hex', 2.7, -2.7, null])
    const encoding = rng.pick([undefined, 'hex', 'utf8', 'base64', 'nope'])
    for (const method of ['indexOf', 'lastIndexOf', 'includes']) {
      same(
        bytes,
        (b) => b[method](needle, offset, encoding),
        `${method}(${JSON.stringify(needle)}, ${offset}, ${encoding})`,
      )
      same(
        bytes,
        (b, B) => b[method](B.from([needle].flat().join('').slice(0, 2)), offset),
        `${method}(buffer)`,
      )
    }
    const value = rng.pick([
      rng.int(300),
      'ab',
      'é',
      '',
      'a1b',
      'zz',
      true,
      null,
      Buffer.from([1, 2]).toString('base64'),
    ])
    const start = rng.pick([undefined, 0, 2, -1, 1.5, 20, 'hex', 'base64'])
    const end = rng.pick([undefined, 3, 100, 'utf8', 'hex'])
    const fillEncoding = rng.pick([undefined, 'hex', 'nope'])
    same(
      bytes,
      (b) => b.fill(value, start, end, fillEncoding),
      `fill(${value}, ${start}, ${end}, ${fillEncoding})`,
    )
    same(bytes, (b, B) => b.fill(B.from([5, 6, 7]), start === undefined ? undefined : 1), 'fill(buffer)')
  }
})

test('Buffer#compare / copy / equals / write / swap / toJSON: match Node on random arguments', () => {
  const rng = seededRandom(15)
  const arg = () => rng.pick([undefined, 0, 1, 2, 5, -1, 1.5, 100, Number.NaN, '1'])
  for (let i = 0; i < 2500; i++) {
    const bytes = randomBytes(rng, rng.int(10))
    const other = Uint8Array.from(randomBytes(rng, rng.int(10)), (x) => x % 3)
    const a = [arg(), arg(), arg(), arg()] as const
    same(bytes, (b, B) => b.compare(B.from(other), ...a), `compare ${a}`)
    same(bytes, (b) => b.compare(other), 'compare')
    same(
      bytes,
      (b, B) => {
        const target = B.from(other)
        const n = b.copy(target, ...a.slice(0, 3))
        return [n, ...target]
      },
      `copy ${a}`,
    )
    same(bytes, (b) => b.copy(b, a[0] ?? 0, 1), 'copy overlapping')
    const peer = rng.int(2) ? bytes : other
    same(bytes, (b, B) => b.equals(B.from(peer)), 'equals')
    const encoding = rng.pick([undefined, 'utf8', 'hex', 'base64', 'base64url', 'nope'])
    let text = rng.int(2) ? randomString(rng, 8) : Buffer.from(other).toString(rng.pick(['hex', 'base64']))
    // Above U+00FF, Node's hex/base64 decoders read the low byte only: not compared (see encoding.test.ts).
    if (encoding !== undefined && encoding !== 'utf8') text = text.replace(/[\u0100-\uffff]/g, 'x')
    const length = rng.int(2) ? a[1] : encoding
    same(
      bytes,
      (b) => b.write(text, a[0], length, encoding),
      `write ${JSON.stringify(text)} ${a[0]} ${length} ${encoding}`,
    )
    same(
      bytes,
      (b) => b.write(text, encoding),
      `write(${JSON.stringify(text)}, ${encoding}) on ${bytes.length}`,
    )
    for (const swap of ['swap16', 'swap32', 'swap64']) same(bytes, (b) => b[swap](), swap)
    same(bytes, (b) => JSON.stringify(b), 'toJSON')
  }
  assert.deepEqual(
    outcome(() => GuestBuffer.alloc(2).equals('ab')),
    outcome(() => Buffer.alloc(2).equals('ab' as never)),
  )
  assert.deepEqual(
    outcome(() => GuestBuffer.alloc(2).write(5)),
    outcome(() => Buffer.alloc(2).write(5 as never)),
  )
})

test('Buffer: round-trips every encoding for byte lengths 0..300', () => {
  const rng = seededRandom(16)
  for (const length of INTERESTING_LENGTHS) {
    const bytes = randomBytes(rng, length)
    for (const e of ['hex', 'base64', 'base64url']) {
      const text = GuestBuffer.from(bytes).toString(e)
      assert.equal(text, Buffer.from(bytes).toString(e as BufferEncoding))
      assert.deepEqual([...GuestBuffer.from(text, e)], [...bytes])
    }
  }
})
