// The guest TextEncoder, TextDecoder, atob and btoa against WHATWG examples.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { composeGuestLibrary } from '../../../src/runtime/guest/compose-for-test.js'

const { TextEncoder, TextDecoder, atob, btoa } = composeGuestLibrary()

test('TextEncoder: encode and encodeInto', () => {
  const encoder = new TextEncoder()
  assert.equal(encoder.encoding, 'utf-8')
  assert.deepEqual([...encoder.encode('€')], [0xe2, 0x82, 0xac])
  assert.deepEqual([...encoder.encode('a\uD800')], [0x61, 0xef, 0xbf, 0xbd])
  const target = new Uint8Array(5)
  assert.deepEqual(encoder.encodeInto('a€😀', target), { read: 2, written: 4 })
  assert.deepEqual([...target], [0x61, 0xe2, 0x82, 0xac, 0])
})

test('TextDecoder: labels, BOM, fatal and streaming', () => {
  assert.equal(new TextDecoder().encoding, 'utf-8')
  assert.equal(new TextDecoder(' UTF8 ').encoding, 'utf-8')
  assert.throws(() => new TextDecoder('utf-16le'), RangeError)
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69])
  assert.equal(new TextDecoder().decode(bom), 'hi')
  assert.equal(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bom), '\ufeffhi')
  const bad = new Uint8Array([0x61, 0xff, 0x62])
  assert.equal(new TextDecoder().decode(bad), 'a\ufffdb')
  const fatal = new TextDecoder('utf-8', { fatal: true })
  assert.equal(fatal.fatal, true)
  assert.throws(() => fatal.decode(bad), TypeError)
  const stream = new TextDecoder()
  assert.equal(stream.decode(new Uint8Array([0xe2, 0x82]), { stream: true }), '')
  assert.equal(stream.decode(new Uint8Array([0xac]), { stream: true }), '€')
  assert.equal(stream.decode(new Uint8Array([0xe2])), '\ufffd')
  assert.equal(new TextDecoder().decode(new Uint16Array([0x6968]).buffer), 'hi')
})

test('btoa / atob: round trip and the InvalidCharacterError cases', () => {
  assert.equal(btoa('Hello, world'), 'SGVsbG8sIHdvcmxk')
  assert.equal(btoa('\u00ff\u00fe'), '//4=')
  assert.equal(atob('SGVsbG8sIHdvcmxk'), 'Hello, world')
  assert.equal(atob(' SGVs\nbG8 '), 'Hello')
  assert.equal(atob('YQ'), 'a')
  assert.equal(atob('//4='), '\u00ff\u00fe')
  assert.throws(() => btoa('€'), { name: 'InvalidCharacterError' })
  assert.throws(() => atob('a'), {
    name: 'InvalidCharacterError',
    message: 'The string to be decoded is not correctly encoded.',
  })
  assert.throws(() => atob('a-b_'), { name: 'InvalidCharacterError', message: 'Invalid character' })
  assert.throws(() => atob('YQ=a'), { name: 'InvalidCharacterError' })
})
