import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  encodePath,
  encodeQueryString,
  eventRawQueryString,
  parseQueryString,
  rawQueryString,
  sameQueryObject,
  serializeQueryObject,
} from './query.js'
import type { CfEvent } from './types.js'

test('rawQueryString: "" for a bare "?", undefined without one, no fragment', () => {
  assert.equal(rawQueryString('/page?'), '')
  assert.equal(rawQueryString('/page'), undefined)
  assert.equal(rawQueryString('/page?a=1&b'), 'a=1&b')
  assert.equal(rawQueryString('/page?a=1#top'), 'a=1')
  assert.equal(rawQueryString('/page?a=%20+b'), 'a=%20+b')
})

test('parseQueryString: values stay percent-encoded and "+" stays "+"', () => {
  assert.deepEqual(parseQueryString('q=%E5%AE%B6&s=a+b&n%61me=x'), {
    q: { value: '%E5%AE%B6' },
    s: { value: 'a+b' },
    'n%61me': { value: 'x' },
  })
})

test('parseQueryString: a parameter without value has value ""', () => {
  assert.deepEqual(parseQueryString('flag&empty=&x=1=2'), {
    flag: { value: '' },
    empty: { value: '' },
    x: { value: '1=2' },
  })
})

test('parseQueryString: repeated names get multiValue; empty segments are skipped', () => {
  assert.deepEqual(parseQueryString('a=1&&b=2&a=3&'), {
    a: { value: '1', multiValue: [{ value: '1' }, { value: '3' }] },
    b: { value: '2' },
  })
  assert.deepEqual(parseQueryString(''), {})
})

test('serializeQueryObject: name=value pairs, bare name for "", multiValue in order', () => {
  const orig = parseQueryString('a=1&a=2&f')
  assert.equal(serializeQueryObject(orig, structuredClone(orig)), 'a=1&a=2&f')
  assert.equal(
    serializeQueryObject({}, { n: { value: 'v', multiValue: [{ value: 'x' }, { value: 'y' }] } }),
    'n=x&n=y',
  )
})

test('serializeQueryObject: percent-encodes "&", non-ASCII and spaces but keeps existing escapes', () => {
  const out = { 'a&b': { value: 'x&y=z' }, k: { value: 'é %41 ' }, e: { value: '😀' } }
  assert.equal(serializeQueryObject({}, out), 'a%26b=x%26y=z&k=%C3%A9%20%41%20&e=%F0%9F%98%80')
  assert.equal(serializeQueryObject({}, { 'a=b': { value: '1' } }), 'a%3Db=1')
})

test('sameQueryObject: key order does not matter; a changed value or a new key does', () => {
  const orig = parseQueryString('a=1&b=2')
  assert.equal(sameQueryObject(orig, { b: { value: '2' }, a: { value: '1' } }), true)
  assert.equal(sameQueryObject(orig, { a: { value: '1' }, b: { value: '3' } }), false)
  assert.equal(sameQueryObject(orig, { a: { value: '1' } }), false)
})

test('encodePath: keeps path characters and escapes, encodes space, "?", "#" and non-ASCII', () => {
  assert.equal(encodePath('/a/b-c_d.e~f;g=h@i:j%20'), '/a/b-c_d.e~f;g=h@i:j%20')
  assert.equal(encodePath('/a b?c#d/é'), '/a%20b%3Fc%23d/%C3%A9')
  assert.equal(encodePath('/\ud800'), '/%EF%BF%BD')
})

test('encodeQueryString: keeps "&" and "=", encodes what cannot stand in a query', () => {
  assert.equal(encodeQueryString('a=1&b=é'), 'a=1&b=%C3%A9')
})

test('eventRawQueryString: a TestFunction event gets its querystring serialised, or undefined', () => {
  const event = (querystring: CfEvent['request']['querystring']): CfEvent => ({
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '' },
    request: { method: 'GET', uri: '/', querystring, headers: {}, cookies: {} },
  })
  assert.equal(eventRawQueryString(event({})), undefined)
  assert.equal(eventRawQueryString(event({ a: { value: '1' }, b: { value: '' } })), 'a=1&b')
})
