import assert from 'node:assert/strict'
import { test } from 'node:test'
import vm from 'node:vm'
import { createBuffer } from './buffer.js'
import { composeGuestLibrary } from './compose-for-test.js'
import { createCrypto } from './crypto.js'
import { createEncoding } from './encoding.js'
import { createQuerystring } from './querystring.js'
import { createTextCodecs } from './text.js'

const FACTORIES = { createEncoding, createBuffer, createTextCodecs, createCrypto, createQuerystring }

// Exercises every factory's main paths; returns plain JSON so both realms compare.
const WORKLOAD = `(lib) => {
  const { Buffer, crypto, querystring, atob, btoa, TextEncoder, TextDecoder } = lib
  const out = []
  const buf = Buffer.from('héllo wörld 😀', 'utf8')
  out.push(buf.toString('hex'), buf.toString('base64'), buf.toString('base64url'), buf.subarray(2, 6).toString())
  out.push(Buffer.concat([buf, Buffer.alloc(3, 'ab')]).toJSON(), buf.indexOf('w'), buf.lastIndexOf(0x6c), buf.includes('😀'))
  const num = Buffer.alloc(16)
  num.writeUInt32BE(0xdeadbeef, 0); num.writeIntLE(-123456, 4, 6); num.writeDoubleLE(Math.PI, 8)
  out.push(num.readUInt32BE(0), num.readIntLE(4, 6), num.readDoubleLE(8), num.swap16().toString('hex'))
  try { num.readUInt8(99) } catch (e) { out.push(e.name + ' ' + e.code) }
  try { Buffer.from('x', 'latin1') } catch (e) { out.push(e.name + ' ' + e.message) }
  for (const a of ['md5', 'sha1', 'sha256']) {
    out.push(crypto.createHash(a).update('abc').digest('hex'), crypto.createHmac(a, 'key').update(buf).digest('base64'))
    out.push(crypto.createHash(a).update('a'.repeat(200)).digest().toString('base64url'))
  }
  out.push(querystring.parse('a=1&a=2&b=%E9&c=%41+x'), querystring.stringify({ a: [1, 'é'], b: true }))
  out.push(querystring.escape("a b&c'é"), querystring.unescape('%zz%41+'))
  out.push(btoa('hi\\u00ff'), atob(' aGk= '), new TextDecoder().decode(new TextEncoder().encode('\\ufeffok\\ud800')))
  try { atob('a') } catch (e) { out.push(e.name + ' ' + e.message) }
  return JSON.stringify(out)
}`

test('guest factories: run from their source text alone in a realm without Node globals', () => {
  const context = vm.createContext({})
  vm.runInContext('delete globalThis.console', context)
  assert.equal(
    vm.runInContext(
      '[typeof Buffer, typeof TextEncoder, typeof atob, typeof console, typeof require].join()',
      context,
    ),
    'undefined,undefined,undefined,undefined,undefined',
  )
  const inIsolate = vm.runInContext(
    `"use strict";
    (() => {
      const enc = (${createEncoding})();
      const Buffer = (${createBuffer})(enc);
      const { TextEncoder, TextDecoder, atob, btoa } = (${createTextCodecs})(enc);
      const crypto = (${createCrypto})(Buffer, enc);
      const querystring = (${createQuerystring})(enc);
      return (${WORKLOAD})({ Buffer, TextEncoder, TextDecoder, atob, btoa, crypto, querystring });
    })()`,
    context,
  )
  const inNode = vm.runInThisContext(WORKLOAD)(composeGuestLibrary())
  assert.equal(inIsolate, inNode)
  assert.ok((JSON.parse(inNode) as unknown[]).length > 30)
})

test('guest factories: their source has no import or require', () => {
  for (const [name, factory] of Object.entries(FACTORIES)) {
    const source = factory.toString()
    assert.doesNotMatch(source, /\brequire\s*\(|\bimport\s*\(|__awaiter|__classPrivateField|_a\./, name)
  }
})
