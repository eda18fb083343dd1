// The guest `querystring` module against AWS's and Node's documented examples.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { composeGuestLibrary } from '../../../src/runtime/guest/compose-for-test.js'

const { querystring } = composeGuestLibrary()
const plain = (value: object) => ({ ...value })

test('querystring.parse: the documented example collects a repeated key into an array', () => {
  const parsed = querystring.parse('name=value&abc=xyz&abc=123')
  assert.deepEqual(plain(parsed), { name: 'value', abc: ['xyz', '123'] })
  assert.equal(Object.getPrototypeOf(parsed), null)
})

test('querystring.parse: the Node docs examples, decode alias, sep/eq and maxKeys', () => {
  assert.deepEqual(plain(querystring.parse('foo=bar&abc=xyz&abc=123')), { foo: 'bar', abc: ['xyz', '123'] })
  assert.deepEqual(plain(querystring.decode('foo:bar;baz:qux', ';', ':')), { foo: 'bar', baz: 'qux' })
  assert.deepEqual(plain(querystring.parse('a=1&b=2&c=3', null, null, { maxKeys: 2 })), { a: '1', b: '2' })
  assert.equal(Object.keys(querystring.parse('k=v&'.repeat(1500))).length, 1)
  assert.deepEqual(querystring.parse('k=v&'.repeat(1500), null, null, { maxKeys: 0 }).k?.length, 1500)
  assert.deepEqual(plain(querystring.parse('querymv=val1&querymv=val2,val3')), {
    querymv: ['val1', 'val2,val3'],
  })
})

test('querystring.parse: "+" is a space, bad escapes stay literal, invalid UTF-8 becomes U+FFFD', () => {
  assert.deepEqual(plain(querystring.parse('a+b=c+d')), { 'a b': 'c d' })
  assert.deepEqual(plain(querystring.parse('a=%zz&b=%4&c=100%')), { a: '%zz', b: '%4', c: '100%' })
  assert.deepEqual(plain(querystring.parse('a=%E9t%C3%A9')), { a: '\ufffdté' })
  assert.deepEqual(plain(querystring.parse('x&y=&=z')), { x: '', y: '', '': 'z' })
  assert.deepEqual(
    plain(querystring.parse('a=1', null, null, { decodeURIComponent: (s: string) => s.toUpperCase() })),
    {
      A: '1',
    },
  )
  assert.deepEqual(plain(querystring.parse('')), {})
  assert.deepEqual(plain(querystring.parse(42 as never)), {})
})

test('querystring.stringify: the Node docs examples, encode alias, and value types', () => {
  assert.equal(
    querystring.stringify({ foo: 'bar', baz: ['qux', 'quux'], corge: '' }),
    'foo=bar&baz=qux&baz=quux&corge=',
  )
  assert.equal(querystring.encode({ foo: 'bar', baz: 'qux' }, ';', ':'), 'foo:bar;baz:qux')
  assert.equal(
    querystring.stringify({
      n: 1.5,
      big: 10n,
      t: true,
      f: false,
      nan: Number.NaN,
      o: {},
      u: undefined,
      e: [],
    }),
    'n=1.5&big=10&t=true&f=false&nan=&o=&u=',
  )
  assert.equal(querystring.stringify({ 'a b': 'é&=', huge: 1e21 }), 'a%20b=%C3%A9%26%3D&huge=1e%2B21')
  assert.equal(
    querystring.stringify({ w: 'x y' }, null as never, null as never, {
      encodeURIComponent: (s: string) => s.replace(' ', '_'),
    }),
    'w=x_y',
  )
})

test('querystring.escape / unescape', () => {
  assert.equal(querystring.escape("a b&c/d?é!'()*~-_."), "a%20b%26c%2Fd%3F%C3%A9!'()*~-_.")
  assert.equal(querystring.escape('😀'), '%F0%9F%98%80')
  assert.throws(() => querystring.escape('\uD800'), { name: 'URIError', code: 'ERR_INVALID_URI' })
  assert.equal(querystring.unescape('a%20b%C3%A9'), 'a bé')
  assert.equal(querystring.unescape('%zz%41+b'), '%zzA+b')
  assert.equal(querystring.unescape('%zz%41+b', true), '%zzA b')
})
