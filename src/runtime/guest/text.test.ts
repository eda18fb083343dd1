import assert from 'node:assert/strict'
import { test } from 'node:test'
import { randomString, randomUtf8ish, seededRandom } from '../../../test/helpers/guest-random.js'
import { createEncoding } from './encoding.js'
import { createTextCodecs } from './text.js'

const guest = createTextCodecs(createEncoding())

function outcome(run: () => unknown): unknown {
  try {
    const value = run()
    return value instanceof Uint8Array ? { bytes: [...value] } : { value }
  } catch (error) {
    const e = error as { name: string; message: string }
    return { error: e.name, message: e.message }
  }
}

test('TextEncoder: encode and encodeInto match Node on random text', () => {
  const rng = seededRandom(21)
  const mine = new guest.TextEncoder()
  const node = new TextEncoder()
  assert.equal(mine.encoding, 'utf-8')
  assert.deepEqual([...mine.encode()], [])
  for (let i = 0; i < 400; i++) {
    const s = randomString(rng, 30)
    assert.deepEqual([...mine.encode(s)], [...node.encode(s)])
    const size = rng.int(40)
    const a = new Uint8Array(size)
    const b = new Uint8Array(size)
    assert.deepEqual(mine.encodeInto(s, a), node.encodeInto(s, b))
    assert.deepEqual(a, b)
  }
  assert.throws(() => mine.encodeInto('x', [] as never), TypeError)
})

test('TextDecoder: decode matches Node for fatal/ignoreBOM and any input view', () => {
  const rng = seededRandom(22)
  for (let i = 0; i < 600; i++) {
    const bytes = randomUtf8ish(rng, 30)
    if (i % 4 === 0) bytes.set([0xef, 0xbb, 0xbf].slice(0, bytes.length))
    const options = { fatal: rng.int(2) === 1, ignoreBOM: rng.int(2) === 1 }
    const mine = new guest.TextDecoder('utf-8', options)
    const node = new TextDecoder('utf-8', options)
    assert.deepEqual([mine.fatal, mine.ignoreBOM, mine.encoding], [node.fatal, node.ignoreBOM, node.encoding])
    const input: any = rng.pick<unknown>([bytes, bytes.buffer, new DataView(bytes.buffer)])
    assert.deepEqual(
      outcome(() => mine.decode(input)),
      outcome(() => node.decode(input)),
      Buffer.from(bytes).toString('hex'),
    )
  }
  assert.equal(new guest.TextDecoder().decode(), '')
  assert.equal(new guest.TextDecoder('UTF8').encoding, 'utf-8')
  assert.throws(() => new guest.TextDecoder('latin1'), RangeError)
  assert.throws(() => new guest.TextDecoder().decode('abc'), TypeError)
})

test('TextDecoder: streaming over random chunk boundaries gives what Node gives', () => {
  const rng = seededRandom(23)
  for (let i = 0; i < 300; i++) {
    const bytes = randomUtf8ish(rng, 40)
    if (i % 3 === 0) bytes.set([0xef, 0xbb, 0xbf].slice(0, bytes.length))
    const mine = new guest.TextDecoder()
    const node = new TextDecoder()
    let a = ''
    let b = ''
    for (let at = 0; at < bytes.length; ) {
      const next = Math.min(bytes.length, at + 1 + rng.int(4))
      a += mine.decode(bytes.subarray(at, next), { stream: true })
      b += node.decode(bytes.subarray(at, next), { stream: true })
      at = next
    }
    a += mine.decode()
    b += node.decode()
    assert.equal(a, b, Buffer.from(bytes).toString('hex'))
  }
})

test('atob / btoa: match Node, including the InvalidCharacterError cases', () => {
  const rng = seededRandom(24)
  const pieces = [
    ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
    '=',
    '==',
    ' ',
    '\t',
    '-',
    '\u00e9',
  ]
  for (let i = 0; i < 1500; i++) {
    let s = ''
    const length = rng.int(12)
    for (let j = 0; j < length; j++) s += rng.int(6) === 0 ? rng.pick(pieces) : rng.pick(pieces.slice(0, 64))
    assert.deepEqual(
      outcome(() => guest.atob(s)),
      outcome(() => atob(s)),
      JSON.stringify(s),
    )
    const text = randomString(rng, 10).replace(/[\u0100-\uffff]/g, (c) => (rng.int(4) === 0 ? c : 'x'))
    assert.deepEqual(
      outcome(() => guest.btoa(text)),
      outcome(() => btoa(text)),
      JSON.stringify(text),
    )
  }
  assert.throws(() => (guest.atob as () => string)(), TypeError)
  assert.equal(guest.btoa(undefined), btoa(undefined as never))
})
