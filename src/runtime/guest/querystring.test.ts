import assert from 'node:assert/strict'
import nodeQuerystring from 'node:querystring'
import { test } from 'node:test'
import { randomString, seededRandom } from '../../../test/helpers/guest-random.js'
import { createEncoding } from './encoding.js'
import { createQuerystring } from './querystring.js'

const qs = createQuerystring(createEncoding())
const PIECES = [
  'a',
  'b',
  'K',
  '1',
  '%',
  '%4',
  '%41',
  '%zz',
  '%C3%A9',
  '%E9',
  '%F0%9F',
  '%%',
  '+',
  '&',
  '=',
  ';',
  ':',
  'é',
  '😀',
  '\uD800',
  '&&',
  '==',
  'ab',
  ' ',
  '%2B',
  '%26',
  '%3D',
]

function result(run: () => unknown): unknown {
  try {
    const value = run()
    if (value !== null && typeof value === 'object') {
      return { proto: Object.getPrototypeOf(value), entries: Object.entries(value) }
    }
    return { value }
  } catch (error) {
    return { error: (error as Error).name, message: (error as Error).message }
  }
}

test('parse: matches node:querystring on random strings, separators and maxKeys', () => {
  const rng = seededRandom(41)
  for (let i = 0; i < 4000; i++) {
    let s = ''
    const length = rng.int(14)
    for (let j = 0; j < length; j++) s += rng.pick(PIECES)
    const sep = rng.pick([undefined, '&', ';', '&&', 'ab', '', null])
    const eq = rng.pick([undefined, '=', ':', '==', 'a', ''])
    const options = rng.pick([undefined, {}, { maxKeys: 0 }, { maxKeys: 1 }, { maxKeys: 2 }, { maxKeys: -1 }])
    const label = `${JSON.stringify(s)} ${sep} ${eq} ${JSON.stringify(options)}`
    assert.deepEqual(
      result(() => qs.parse(s, sep, eq, options)),
      result(() => nodeQuerystring.parse(s, sep as string, eq as string, options)),
      label,
    )
  }
})

test('parse: a custom decodeURIComponent gets "+" as %20 and every part, and its throws fall back', () => {
  const rng = seededRandom(42)
  const decoders = [
    (s: string) => s.toUpperCase(),
    (s: string) => decodeURIComponent(s),
    (s: string) => {
      if (s.includes('a')) throw new Error('no')
      return `[${s}]`
    },
  ]
  for (let i = 0; i < 600; i++) {
    let s = ''
    const length = rng.int(10)
    for (let j = 0; j < length; j++) s += rng.pick(PIECES)
    const options = { decodeURIComponent: rng.pick(decoders) }
    assert.deepEqual(
      result(() => qs.parse(s, null, null, options)),
      result(() => nodeQuerystring.parse(s, undefined, undefined, options)),
      JSON.stringify(s),
    )
  }
})

test('stringify: matches node:querystring for every value type, arrays, separators and custom encoders', () => {
  const rng = seededRandom(43)
  const values = () =>
    rng.pick<unknown>([
      randomString(rng, 6, '&=+%'),
      '',
      0,
      -1.5,
      1e21,
      2e-7,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      10n,
      true,
      false,
      null,
      undefined,
      {},
      () => 1,
      Symbol('s'),
    ])
  for (let i = 0; i < 1500; i++) {
    const obj: Record<string, unknown> = {}
    const keys = rng.int(4)
    for (let k = 0; k < keys; k++) {
      const key = randomString(rng, 4, '&=').replace(/[\uD800-\uDFFF]/g, 'x')
      obj[key] = rng.int(4) === 0 ? Array.from({ length: rng.int(3) }, values) : values()
    }
    const sep = rng.pick([undefined, ';', '&&'])
    const eq = rng.pick([undefined, ':'])
    const options = rng.pick([undefined, { encodeURIComponent: (s: string) => `<${s}>` }])
    const label = JSON.stringify(Object.keys(obj))
    assert.deepEqual(
      result(() => qs.stringify(obj, sep, eq, options)),
      result(() => nodeQuerystring.stringify(obj as never, sep, eq, options)),
      label,
    )
  }
  for (const input of [null, undefined, 'a=b', 5, []])
    assert.equal(qs.stringify(input), nodeQuerystring.stringify(input as never))
})

test('escape / unescape: match node:querystring, including lone surrogates and bad escapes', () => {
  const rng = seededRandom(44)
  for (let i = 0; i < 2000; i++) {
    const s = randomString(rng, 12, "%+&=!'()*~-_.")
    assert.deepEqual(
      result(() => qs.escape(s)),
      result(() => nodeQuerystring.escape(s)),
      JSON.stringify(s),
    )
    let encoded = ''
    const length = rng.int(10)
    for (let j = 0; j < length; j++) encoded += rng.pick(PIECES)
    const spaces = rng.int(2) === 1
    const nodeUnescape = nodeQuerystring.unescape as (s: string, decodeSpaces?: boolean) => string
    assert.equal(
      qs.unescape(encoded, spaces),
      nodeUnescape(encoded, spaces),
      `${JSON.stringify(encoded)} ${spaces}`,
    )
  }
  for (const value of [5, null, undefined, true, { toString: () => 'a b' }]) {
    assert.equal(qs.escape(value), nodeQuerystring.escape(value as never))
  }
})

test("querystring: parse and stringify use the module's own escape/unescape, as Node's do", () => {
  const copy = { ...qs }
  copy.unescape = (s: string) => s.toUpperCase()
  copy.escape = (s: unknown) => `(${s})`
  // Our functions read the api object they were created with; replacing properties on it works.
  const original = { escape: qs.escape, unescape: qs.unescape }
  try {
    ;(qs as any).unescape = copy.unescape
    ;(qs as any).escape = copy.escape
    assert.deepEqual({ ...qs.parse('a=b') }, { A: 'B' })
    assert.equal(qs.stringify({ a: 'b' }), '(a)=(b)')
  } finally {
    Object.assign(qs, original)
  }
  assert.deepEqual({ ...qs.parse('a=b') }, { a: 'b' })
})
