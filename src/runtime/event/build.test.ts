import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildRequestEvent, buildResponseEvent, normalizeTestEvent } from './build.js'
import { EventError } from './errors.js'
import { eventRawQueryString } from './query.js'

const request = (url: string, rawHeaders: string[] = ['Host', 'example.org']) =>
  buildRequestEvent(
    { method: 'GET', url, rawHeaders, clientIp: '198.51.100.11' },
    { eventType: 'viewer-request', distributionDomainName: 'd111111abcdef8.cloudfront.net', requestId: 'r1' },
  )

test('buildRequestEvent: the event shape of "CloudFront Functions event structure"', () => {
  assert.deepEqual(request('/index.html'), {
    version: '1.0',
    context: {
      distributionDomainName: 'd111111abcdef8.cloudfront.net',
      eventType: 'viewer-request',
      requestId: 'r1',
    },
    viewer: { ip: '198.51.100.11' },
    request: {
      method: 'GET',
      uri: '/index.html',
      querystring: {},
      headers: { host: { value: 'example.org' } },
      cookies: {},
    },
  })
})

test('buildRequestEvent: context holds only the fields given', () => {
  const event = buildRequestEvent(
    { method: 'GET', url: '/', rawHeaders: [], clientIp: '::1' },
    { eventType: 'viewer-request' },
  )
  assert.deepEqual(Object.keys(event.context), ['eventType'])
})

test('buildRequestEvent: header names lowercased; repeats collapse; a comma list is one value', () => {
  const event = request('/', ['X-Test', '1', 'x-TEST', '2', 'Accept', 'a, b, c'])
  assert.deepEqual(event.request.headers, {
    'x-test': { value: '1', multiValue: [{ value: '1' }, { value: '2' }] },
    accept: { value: 'a, b, c' },
  })
})

test('buildRequestEvent: Cookie headers go to cookies, not headers', () => {
  const event = request('/', ['Cookie', 'a=1; b=2', 'cookie', 'a=3'])
  assert.equal(event.request.headers.cookie, undefined)
  assert.deepEqual(event.request.cookies, {
    a: { value: '1', multiValue: [{ value: '1' }, { value: '3' }] },
    b: { value: '2' },
  })
})

test('buildRequestEvent: disallowed headers are not exposed', () => {
  const event = request('/', [
    'Connection',
    'keep-alive',
    'X-Amz-Cf-Id',
    'x',
    'X-Forwarded-Proto',
    'https',
    'Via',
    '1.1 p',
  ])
  assert.deepEqual(Object.keys(event.request.headers), ['via'])
})

test('buildRequestEvent: uri and querystring split at "?", fragment dropped, raw query kept', () => {
  const event = request('/a%20b/c?x=1&y#frag')
  assert.equal(event.request.uri, '/a%20b/c')
  assert.deepEqual(event.request.querystring, { x: { value: '1' }, y: { value: '' } })
  assert.equal(eventRawQueryString(event), 'x=1&y')
  assert.equal(eventRawQueryString(request('/page?')), '')
  assert.equal(eventRawQueryString(request('/page')), undefined)
  assert.equal(request('/page#a?b').request.uri, '/page')
  assert.equal(eventRawQueryString(request('/page#a?b')), undefined)
})

test('buildRequestEvent: an absolute-form target keeps only the path', () => {
  assert.equal(request('http://example.org/a?b=1').request.uri, '/a')
  assert.equal(request('http://example.org?b=1').request.uri, '/')
})

test('buildResponseEvent: Set-Cookie goes to response cookies; context becomes viewer-response', () => {
  const req = request('/x')
  const event = buildResponseEvent(req, {
    statusCode: 200,
    rawHeaders: ['Content-Type', 'text/html', 'Set-Cookie', 'a=1; Path=/', 'X-Cache', 'Hit from cloudfront'],
  })
  assert.equal(event.context.eventType, 'viewer-response')
  assert.equal(event.context.requestId, 'r1')
  assert.equal(req.context.eventType, 'viewer-request')
  assert.equal(event.request, req.request)
  assert.deepEqual(event.response, {
    statusCode: 200,
    statusDescription: 'OK',
    headers: { 'content-type': { value: 'text/html' } },
    cookies: { a: { value: '1', attributes: 'Path=/' } },
  })
})

test('buildResponseEvent: the origin status message wins over the standard phrase', () => {
  const event = buildResponseEvent(request('/'), { statusCode: 299, statusMessage: 'Fine', rawHeaders: [] })
  assert.equal(event.response?.statusDescription, 'Fine')
  const unknown = buildResponseEvent(request('/'), { statusCode: 299, rawHeaders: [] })
  assert.equal('statusDescription' in unknown.response!, false)
})

test('normalizeTestEvent: the docs sample gets version, querystring and cookies defaults', () => {
  const event = normalizeTestEvent({
    context: { eventType: 'viewer-request' },
    viewer: { ip: '198.51.100.11' },
    request: { method: 'GET', uri: '/example.png', headers: { host: { value: 'example.org' } } },
  })
  assert.deepEqual(event, {
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '198.51.100.11' },
    request: {
      method: 'GET',
      uri: '/example.png',
      querystring: {},
      headers: { host: { value: 'example.org' } },
      cookies: {},
    },
  })
})

test('normalizeTestEvent: viewer-response needs a response with statusCode; defaults its maps', () => {
  const base = { context: { eventType: 'viewer-response' }, request: { method: 'GET', uri: '/' } }
  const event = normalizeTestEvent({ ...base, response: { statusCode: 200 } })
  assert.deepEqual(event.response, { statusCode: 200, headers: {}, cookies: {} })
  assert.deepEqual(event.viewer, { ip: '' })
  assert.throws(() => normalizeTestEvent(base), /viewer-response test event must have a "response" object/)
  assert.throws(
    () => normalizeTestEvent({ ...base, response: { statusCode: '200' } }),
    /response\.statusCode must be an integer from 100 to 599; got a string \("200"\)/,
  )
})

test('normalizeTestEvent: rejects what is not an event with InvalidEvent and a clear message', () => {
  const cases: [unknown, RegExp][] = [
    ['{}', /must be a JSON object; got a string/],
    [{ request: { method: 'GET', uri: '/' } }, /must have a "context" object/],
    [
      { context: { eventType: 'origin-request' }, request: { method: 'GET', uri: '/' } },
      /context\.eventType must be/,
    ],
    [{ context: { eventType: 'viewer-request' } }, /must have a "request" object/],
    [{ context: { eventType: 'viewer-request' }, request: { uri: '/' } }, /request\.method must be a string/],
    [
      { context: { eventType: 'viewer-request' }, request: { method: 'GET' } },
      /request\.uri must be a string/,
    ],
    [
      { context: { eventType: 'viewer-request' }, request: { method: 'GET', uri: '/', headers: [] } },
      /request\.headers must be an object; got an array/,
    ],
    [
      { version: '2.0', context: { eventType: 'viewer-request' }, request: { method: 'GET', uri: '/' } },
      /version must be "1\.0"/,
    ],
  ]
  for (const [input, message] of cases) {
    assert.throws(
      () => normalizeTestEvent(input),
      (error: unknown) =>
        error instanceof EventError && error.code === 'InvalidEvent' && message.test(error.message),
      String(message),
    )
  }
})
