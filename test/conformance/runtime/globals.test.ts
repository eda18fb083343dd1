import assert from 'node:assert/strict'
import { test } from 'node:test'
import { bodyOf, returning, runCode } from '../../helpers/run-code.js'

// AWS's runtime features pages: what each runtime version has, checked inside the real sandbox.

test('globals (2.0): Buffer, TextEncoder, TextDecoder, atob and btoa exist', () => {
  const code = returning(
    `[typeof Buffer, typeof TextEncoder, typeof TextDecoder, typeof atob, typeof btoa].join()`,
  )
  assert.equal(bodyOf(runCode(code)), 'function,function,function,function,function')
})

test('globals (1.0): Buffer, TextEncoder, TextDecoder, atob and btoa do not exist', () => {
  const code = returning(
    `[typeof Buffer, typeof TextEncoder, typeof TextDecoder, typeof atob, typeof btoa].join()`,
  )
  assert.equal(
    bodyOf(runCode(code, { runtime: 'cloudfront-js-1.0' })),
    'undefined,undefined,undefined,undefined,undefined',
  )
})

test('globals: InternalError in both, MemoryError only in 1.0', () => {
  const code = returning(`typeof InternalError + ',' + typeof MemoryError`)
  assert.equal(bodyOf(runCode(code)), 'function,undefined')
  assert.equal(bodyOf(runCode(code, { runtime: 'cloudfront-js-1.0' })), 'function,function')
})

test('globals: the ES5.1 global functions and constants are there', () => {
  const code = returning(
    `[encodeURIComponent('a b'), decodeURIComponent('%C3%A9'), encodeURI('/a b'), decodeURI('%20'), isFinite(1), isNaN(NaN), parseFloat('1.5'), parseInt('ff', 16), typeof globalThis, Infinity, typeof undefined].join('|')`,
  )
  assert.equal(bodyOf(runCode(code)), 'a%20b|é|/a%20b| |true|true|1.5|255|object|Infinity|undefined')
})

test('globals (2.0): ES2021 features run (replaceAll, numeric separators, Promise.any, ??, ?.)', async () => {
  const code = `async function handler() {
    const n = 1_000;
    const first = await Promise.any([Promise.reject(new Error('x')), Promise.resolve('any')]);
    const settled = await Promise.allSettled([Promise.resolve(1)]);
    const o = { a: null };
    return { statusCode: 200, body: ['a-b-c'.replaceAll('-', '+'), n, first, settled[0].status, o.a ?? 'dflt', o.b?.c].join() };
  }`
  assert.equal(bodyOf(runCode(code)), 'a+b+c,1000,any,fulfilled,dflt,')
})

test('modules: require("crypto") and import crypto from "crypto" give the same module', () => {
  const code = `import crypto from 'crypto';
const viaRequire = require('crypto');
function handler() { return { statusCode: 200, body: crypto.createHash('sha256').update('abc').digest('hex') + ',' + (crypto === viaRequire) } }`
  assert.equal(bodyOf(runCode(code)), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad,true')
})

test('modules: every hash and HMAC algorithm and encoding works inside the sandbox', () => {
  const code = `var crypto = require('crypto');
function handler() {
  var out = [];
  ['md5', 'sha1', 'sha256'].forEach(function (alg) {
    out.push(crypto.createHash(alg).update('abc').digest('hex'));
    out.push(crypto.createHmac(alg, 'key').update('The quick brown fox jumps over the lazy dog').digest('base64'));
  });
  out.push(crypto.createHash('sha256').update('').digest('base64url'));
  out.push(crypto.createHash('md5').update('abc').digest().length);
  return { statusCode: 200, body: out.join(',') };
}`
  assert.equal(
    bodyOf(runCode(code)),
    [
      '900150983cd24fb0d6963f7d28e17f72',
      'gAcHE0Y+d0m5DC3CSRHidQ==',
      'a9993e364706816aba3e25717850c26c9cd0d89d',
      '3nybhbi3iqa8ino29wqQcBydtNk=',
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      '97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=',
      '47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU',
      '16',
    ].join(','),
  )
})

test('modules (1.0): digest() with no encoding returns a byte string', () => {
  const code = `var crypto = require('crypto');
function handler() { var d = crypto.createHash('md5').update('abc').digest(); return { statusCode: 200, body: typeof d + ':' + d.length + ':' + d.charCodeAt(0) } }`
  assert.equal(bodyOf(runCode(code, { runtime: 'cloudfront-js-1.0' })), 'string:16:144')
})

test('modules: require("querystring") parses and stringifies as Node does', () => {
  const code = `var qs = require('querystring');
function handler() { var p = qs.parse('name=value&abc=xyz&abc=123'); return { statusCode: 200, body: JSON.stringify(p) + ' ' + qs.stringify({ a: [1, 2], b: 'x y' }) } }`
  assert.equal(
    bodyOf(runCode(code, { runtime: 'cloudfront-js-1.0' })),
    '{"name":"value","abc":["xyz","123"]} a=1&a=2&b=x%20y',
  )
})

test('globals (2.0): Buffer, TextEncoder/TextDecoder and atob/btoa work inside the sandbox', () => {
  const code = returning(
    `[Buffer.from('héllo').toString('base64'), Buffer.from('68656c6c6f', 'hex').toString(), new TextDecoder().decode(new TextEncoder().encode('€')), btoa('hi'), atob('aGk='), Buffer.concat([Buffer.from('a'), Buffer.from('b')]).toString('hex')].join()`,
  )
  assert.equal(bodyOf(runCode(code)), 'aMOpbGxv,hello,€,aGk=,hi,6162')
})
