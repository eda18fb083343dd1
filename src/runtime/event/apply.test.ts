import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applyRequest, applyResponse, formatHeaderName } from './apply.js'
import { buildRequestEvent, buildResponseEvent, normalizeTestEvent } from './build.js'
import type { CfRequestOutput, CfResponse } from './types.js'

const requestEvent = buildRequestEvent(
  {
    method: 'GET',
    url: '/a/b?x=1&x=2&flag&s=a+b',
    rawHeaders: ['Host', 'example.org', 'Accept', 'a', 'Accept', 'b', 'Cookie', 'c1=v1; c2=v2'],
    clientIp: '1.2.3.4',
  },
  { eventType: 'viewer-request' },
)
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value))
const out = (): CfRequestOutput => copy(requestEvent.request)

test('formatHeaderName: each hyphen-separated word capitalised', () => {
  assert.equal(formatHeaderName('example-header-name'), 'Example-Header-Name')
  assert.equal(formatHeaderName('host'), 'Host')
  assert.equal(formatHeaderName('x-amz-date'), 'X-Amz-Date')
  assert.equal(formatHeaderName('a--b-'), 'A--B-')
  assert.equal(formatHeaderName('x-1'), 'X-1')
})

test('applyRequest: an unchanged request goes out as received', () => {
  assert.deepEqual(applyRequest(requestEvent, out()), {
    method: 'GET',
    path: '/a/b?x=1&x=2&flag&s=a+b',
    headers: [
      ['Host', 'example.org'],
      ['Accept', 'a'],
      ['Accept', 'b'],
      ['Cookie', 'c1=v1; c2=v2'],
    ],
  })
})

test('applyRequest: a changed query is serialised from the object', () => {
  const o = out()
  const qs = o.querystring as Record<string, { value: string }>
  qs.s = { value: 'c d' }
  qs.new = { value: 'é' }
  assert.equal(applyRequest(requestEvent, o).path, '/a/b?x=1&x=2&flag&s=c%20d&new=%C3%A9')
  o.querystring = {}
  assert.equal(applyRequest(requestEvent, o).path, '/a/b')
})

test('applyRequest: a query set as a string is used as is, leading "?" dropped', () => {
  const o = out()
  o.querystring = 'b=2&a=1'
  assert.equal(applyRequest(requestEvent, o).path, '/a/b?b=2&a=1')
  o.querystring = '?z'
  assert.equal(applyRequest(requestEvent, o).path, '/a/b?z')
  o.querystring = ''
  assert.equal(applyRequest(requestEvent, o).path, '/a/b')
})

test('applyRequest: "/page?" stays "/page?" when the query is unchanged', () => {
  const event = buildRequestEvent(
    { method: 'GET', url: '/page?', rawHeaders: [], clientIp: '' },
    { eventType: 'viewer-request' },
  )
  assert.equal(applyRequest(event, copy(event.request)).path, '/page?')
})

test('applyRequest: a new uri is percent-encoded where needed', () => {
  const o = out()
  o.uri = '/new path/é?'
  assert.equal(applyRequest(requestEvent, o).path, '/new%20path/%C3%A9%3F?x=1&x=2&flag&s=a+b')
})

test('applyRequest: a modified multiValue wins; a changed value keeps later values', () => {
  const o = out()
  o.headers.accept = { value: 'ignored', multiValue: [{ value: 'm1' }] }
  assert.deepEqual(
    applyRequest(requestEvent, o).headers.filter(([n]) => n === 'Accept'),
    [['Accept', 'm1']],
  )
  const p = out()
  p.headers.accept!.value = 'first'
  assert.deepEqual(
    applyRequest(requestEvent, p).headers.filter(([n]) => n === 'Accept'),
    [
      ['Accept', 'first'],
      ['Accept', 'b'],
    ],
  )
})

test('applyRequest: deleted fields are removed; new headers are capitalised', () => {
  const o = out()
  delete o.headers.accept
  delete o.cookies.c1
  o.headers['x-custom-header'] = { value: 'v' }
  assert.deepEqual(applyRequest(requestEvent, o).headers, [
    ['Host', 'example.org'],
    ['X-Custom-Header', 'v'],
    ['Cookie', 'c2=v2'],
  ])
})

test('applyRequest: method stays the viewer method; no Cookie header without cookies', () => {
  const o = out()
  o.cookies = {}
  const applied = applyRequest(requestEvent, o)
  assert.equal(applied.method, 'GET')
  assert.equal(
    applied.headers.some(([n]) => n === 'Cookie'),
    false,
  )
})

test('applyRequest: a "cookie" header set by the function joins the Cookie header', () => {
  const o = out()
  o.headers.cookie = { value: 'extra=1' }
  assert.deepEqual(applyRequest(requestEvent, o).headers.at(-1), ['Cookie', 'c1=v1; c2=v2; extra=1'])
})

const responseEvent = buildResponseEvent(requestEvent, {
  statusCode: 200,
  rawHeaders: [
    'Content-Type',
    'text/html',
    'Content-Length',
    '12',
    'Set-Cookie',
    'a=1; Path=/',
    'Set-Cookie',
    'a=2',
  ],
})
const resOut = (): CfResponse => copy(responseEvent.response!)

test('applyResponse: unchanged response passes through with the origin body', () => {
  assert.deepEqual(applyResponse(responseEvent, resOut()), {
    statusCode: 200,
    statusMessage: 'OK',
    headers: [
      ['Content-Type', 'text/html'],
      ['Content-Length', '12'],
      ['Set-Cookie', 'a=1; Path=/'],
      ['Set-Cookie', 'a=2'],
    ],
  })
})

test('applyResponse: a body replaces the origin body and drops Content-Length', () => {
  const o = resOut()
  o.body = 'héllo'
  const applied = applyResponse(responseEvent, o)
  assert.equal(Buffer.from(applied.body!).toString('utf8'), 'héllo')
  assert.equal(
    applied.headers.some(([n]) => n === 'Content-Length'),
    false,
  )
  o.body = { encoding: 'base64', data: 'aGk=' }
  assert.equal(Buffer.from(applyResponse(responseEvent, o).body!).toString(), 'hi')
  o.body = ''
  assert.equal(applyResponse(responseEvent, o).body!.length, 0)
})

test('applyResponse: cookie changes follow the multiValue rules', () => {
  const o = resOut()
  o.cookies.a!.attributes = 'Path=/; Secure'
  o.cookies.b = { value: 'new', attributes: 'HttpOnly' }
  assert.deepEqual(
    applyResponse(responseEvent, o).headers.filter(([n]) => n === 'Set-Cookie'),
    [
      ['Set-Cookie', 'a=1; Path=/; Secure'],
      ['Set-Cookie', 'a=2'],
      ['Set-Cookie', 'b=new; HttpOnly'],
    ],
  )
})

test('applyResponse: a new status code drops the stale description', () => {
  const o = resOut()
  o.statusCode = 404
  assert.equal(applyResponse(responseEvent, o).statusMessage, undefined)
  o.statusDescription = 'Gone Fishing'
  assert.equal(applyResponse(responseEvent, o).statusMessage, 'Gone Fishing')
})

test('applyResponse: a response generated in viewer-request has an empty body by default', () => {
  const generated: CfResponse = {
    statusCode: 302,
    statusDescription: 'Found',
    headers: { location: { value: 'https://example.com/' }, 'content-length': { value: '99' } },
    cookies: {},
  }
  assert.deepEqual(applyResponse(requestEvent, generated), {
    statusCode: 302,
    statusMessage: 'Found',
    headers: [['Location', 'https://example.com/']],
    body: new Uint8Array(0),
  })
})

test('applyResponse: works on a TestFunction-style event without recorded raw query', () => {
  const event = normalizeTestEvent({
    context: { eventType: 'viewer-request' },
    request: { method: 'GET', uri: '/x', querystring: { a: { value: '1' } } },
  })
  assert.equal(applyRequest(event, copy(event.request)).path, '/x?a=1')
})
