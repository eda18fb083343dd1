import assert from 'node:assert/strict'
import { test } from 'node:test'
import { bodyOf, returning, runCode } from '../../helpers/run-code.js'

// cloudfront-js-1.0's byte-string methods (AWS's 1.0 feature list, String) with njs's documented
// behaviour, in the real sandbox. JSON keeps byte strings readable in the assertions.
const V1 = { runtime: 'cloudfront-js-1.0' } as const
const json = (expression: string) => returning(`JSON.stringify(${expression})`)
const run1 = (expression: string): unknown => JSON.parse(bodyOf(runCode(json(expression), V1)))

test('String.bytesFrom (1.0): octets, hex, base64, base64url and utf8 give byte strings', () => {
  assert.equal(run1(`String.bytesFrom([0x62, 0x75, 0x66, 0x66, 0x65, 0x72])`), 'buffer')
  assert.equal(run1(`String.bytesFrom([0x1ff, 0xe9])`), '\u00ff\u00e9')
  assert.equal(run1(`String.bytesFrom('627566666572', 'hex')`), 'buffer')
  assert.equal(run1(`String.bytesFrom('YnVmZmVy', 'base64')`), 'buffer')
  assert.equal(run1(`String.bytesFrom('_-8', 'base64url')`), '\u00ff\u00ef')
  assert.equal(run1(`String.bytesFrom('é', 'utf8')`), '\u00c3\u00a9')
  // A JWT payload, decoded the way published token-verification functions do it.
  const payload = Buffer.from('{"sub":"42","exp":2000000000}').toString('base64url')
  assert.deepEqual(run1(`JSON.parse(String.bytesFrom('${payload}', 'base64url'))`), {
    sub: '42',
    exp: 2000000000,
  })
})

test('String.bytesFrom (1.0): an unknown encoding or a non-string, non-array value is a TypeError', () => {
  const result = runCode(returning(`String.bytesFrom('abc', 'latin1')`), V1)
  assert.match(result.errorMessage ?? '', /^TypeError: Unknown encoding: "latin1"/)
  const other = runCode(returning(`String.bytesFrom(42, 'hex')`), V1)
  assert.match(other.errorMessage ?? '', /^TypeError: String\.bytesFrom/)
})

test('byte strings (1.0): toUTF8, toBytes, fromUTF8 and fromBytes, on the prototype and on String', () => {
  assert.deepEqual(run1(`['£'.toUTF8(), 'αβγδ'.toUTF8().length, 'αβγδ'.length, String.toUTF8('£')]`), [
    '\u00c2\u00a3',
    8,
    4,
    '\u00c2\u00a3',
  ])
  assert.deepEqual(run1(`['£'.toBytes(), 'α'.toBytes(), 'abcdef'.toBytes(1, 3), String.toBytes('é')]`), [
    '\u00a3',
    null,
    'bc',
    '\u00e9',
  ])
  assert.deepEqual(
    run1(
      `['αβ'.toUTF8().fromUTF8(), '\\u00ff'.fromUTF8(), 'αβ'.toUTF8().fromUTF8(2), String.fromUTF8('\\u00c3\\u00a9')]`,
    ),
    ['αβ', null, 'β', 'é'],
  )
  assert.deepEqual(run1(`['\\u00a3'.fromBytes(), 'abc'.fromBytes(1), String.fromBytes('xyz', 0, 2)]`), [
    '£',
    'bc',
    'xy',
  ])
})

test("toString(encoding) (1.0): hex, base64 and base64url of a string's bytes", () => {
  // The published basic-auth pattern: compare the Authorization header with 'user:pass' in base64.
  assert.equal(bodyOf(runCode(returning(`'user:pass'.toString('base64')`), V1)), 'dXNlcjpwYXNz')
  assert.deepEqual(
    run1(`['£'.toBytes().toString('hex'), '£'.toUTF8().toString('hex'), 'αβγδ'.toString('base64url'),
      'αβγδ'.toUTF8().toString('base64'), String.bytesFrom([0xfb, 0xff]).toString('base64url'), 'ab'.toString()]`),
    ['a3', 'c2a3', 'zrHOss6zzrQ', 'zrHOss6zzrQ=', '-_8', 'ab'],
  )
  const result = runCode(returning(`'ab'.toString('utf16le')`), V1)
  assert.match(result.errorMessage ?? '', /^TypeError: Unknown encoding: "utf16le"/)
})

test('byte strings: only 1.0 has them; numbers and arrays keep their toString (AWS: not in 2.0)', () => {
  assert.equal(run1(`typeof String.bytesFrom + typeof ''.toUTF8`), 'functionfunction')
  assert.deepEqual(
    run1(`[(255).toString(16), (8).toString(2), [1, 2].toString(), String(new String('x'))]`),
    ['ff', '1000', '1,2', 'x'],
  )
  const code = json(
    `[typeof String.bytesFrom, typeof ''.toUTF8, typeof ''.fromUTF8, typeof ''.toBytes, typeof ''.fromBytes, 'user:pass'.toString('base64')]`,
  )
  assert.deepEqual(JSON.parse(bodyOf(runCode(code))), [
    'undefined',
    'undefined',
    'undefined',
    'undefined',
    'undefined',
    'user:pass',
  ])
})
