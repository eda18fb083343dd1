import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildRequestEvent, buildResponseEvent } from './build.js'
import { EventError } from './errors.js'
import type { CfEvent, EventType } from './types.js'
import { checkOutputShape, validateForViewer } from './validate.js'

const requestEvent = buildRequestEvent(
  {
    method: 'GET',
    url: '/a?x=1',
    rawHeaders: ['Host', 'example.org', 'Accept', 'a', 'Accept', 'b'],
    clientIp: '1.2.3.4',
  },
  { eventType: 'viewer-request' },
)
const responseEvent = buildResponseEvent(requestEvent, {
  statusCode: 200,
  rawHeaders: ['Content-Type', 'text/plain', 'Content-Length', '5', 'Content-Encoding', 'gzip'],
})
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value))

function rejects(eventType: EventType, value: unknown, message: RegExp) {
  assert.throws(
    () => checkOutputShape(eventType, value),
    (error: unknown) =>
      error instanceof EventError && error.code === 'InvalidOutput' && message.test(error.message),
    String(message),
  )
}

test('checkOutputShape: undefined, null and primitives are named', () => {
  rejects(
    'viewer-request',
    undefined,
    /^The function returned undefined; it must return the request or a response object$/,
  )
  rejects(
    'viewer-response',
    undefined,
    /^The function returned undefined; it must return the response object$/,
  )
  rejects('viewer-request', null, /returned null/)
  rejects('viewer-request', 'x', /returned a string/)
  rejects('viewer-request', [], /returned an array/)
})

test('checkOutputShape: viewer-request accepts a request or a response', () => {
  assert.equal(checkOutputShape('viewer-request', copy(requestEvent.request)).kind, 'request')
  const out = checkOutputShape('viewer-request', { statusCode: 302, headers: { location: { value: '/x' } } })
  assert.deepEqual(out, {
    kind: 'response',
    response: { statusCode: 302, headers: { location: { value: '/x' } }, cookies: {} },
  })
  rejects(
    'viewer-request',
    { foo: 1 },
    /neither a request \(with uri and method\) nor a response \(with statusCode\)/,
  )
  rejects('viewer-request', copy(requestEvent), /neither a request/)
})

test('checkOutputShape: viewer-response needs a response', () => {
  assert.equal(checkOutputShape('viewer-response', copy(responseEvent.response)).kind, 'response')
  rejects(
    'viewer-response',
    copy(requestEvent.request),
    /must return the response object; the function returned a request/,
  )
  rejects('viewer-response', { headers: {} }, /without statusCode/)
})

test('checkOutputShape: missing headers, cookies and querystring default to {}', () => {
  const out = checkOutputShape('viewer-request', { method: 'GET', uri: '/' })
  assert.deepEqual(out, {
    kind: 'request',
    request: { method: 'GET', uri: '/', querystring: {}, headers: {}, cookies: {} },
  })
  const text = checkOutputShape('viewer-request', { method: 'GET', uri: '/', querystring: 'a=1' })
  assert.equal(text.kind === 'request' && text.request.querystring, 'a=1')
})

test('checkOutputShape: statusCode must be an integer 200..599 (strings and 1xx rejected)', () => {
  for (const code of ['302', 99, 100, 101, 199, 600, 200.5, null]) {
    rejects(
      'viewer-response',
      { statusCode: code },
      /response\.statusCode must be an integer from 200 to 599/,
    )
  }
  assert.equal(checkOutputShape('viewer-response', { statusCode: 599 }).kind, 'response')
})

test('checkOutputShape: wrong types of uri, headers, statusDescription are named', () => {
  rejects('viewer-request', { method: 'GET', uri: 5 }, /request\.uri must be a string; got the number 5/)
  rejects('viewer-request', { method: 'GET', uri: '/', headers: 'x' }, /request\.headers must be an object/)
  rejects(
    'viewer-request',
    { method: 'GET', uri: '/', querystring: 3 },
    /request\.querystring must be an object/,
  )
  rejects(
    'viewer-response',
    { statusCode: 200, cookies: [] },
    /response\.cookies must be an object; got an array/,
  )
  rejects('viewer-response', { statusCode: 200, statusDescription: 1 }, /statusDescription must be a string/)
})

const validateRequest = (mutate: (r: CfEvent['request']) => void) => {
  const out = copy(requestEvent.request)
  mutate(out)
  return validateForViewer('viewer-request', requestEvent, checkOutputShape('viewer-request', out))
}

test('validateForViewer: an unchanged request and ordinary changes pass', () => {
  assert.equal(
    validateRequest(() => {}),
    null,
  )
  assert.equal(
    validateRequest((r) => {
      r.uri = '/b'
      r.headers['x-new'] = { value: 'v' }
      r.querystring.y = { value: '2' }
      r.cookies.c = { value: '3' }
    }),
    null,
  )
})

test('validateForViewer: method is read-only', () => {
  assert.match(
    validateRequest((r) => {
      r.method = 'POST'
    })!,
    /request\.method is read-only: the function changed it from "GET" to "POST"/,
  )
})

test('validateForViewer: header values must be strings and sendable', () => {
  assert.match(
    validateRequest((r) => {
      ;(r.headers as Record<string, unknown>)['x-n'] = { value: 5 }
    })!,
    /request\.headers\["x-n"\]\.value must be a string; got the number 5/,
  )
  assert.match(
    validateRequest((r) => {
      ;(r.headers as Record<string, unknown>)['x-n'] = 'v'
    })!,
    /request\.headers\["x-n"\] must be an object like \{value: "..."\}/,
  )
  assert.match(
    validateRequest((r) => {
      ;(r.headers as Record<string, unknown>)['x-n'] = { value: 'a', multiValue: 'b' }
    })!,
    /multiValue must be an array/,
  )
})

test('validateForViewer: deleting a header or setting it to null removes it without error', () => {
  assert.equal(
    validateRequest((r) => {
      delete r.headers.accept
      ;(r.headers as Record<string, unknown>)['x-gone'] = null
    }),
    null,
  )
})

test('validateForViewer: response status line and body', () => {
  const check = (value: object) =>
    validateForViewer('viewer-response', responseEvent, checkOutputShape('viewer-response', value))
  assert.equal(check({ ...copy(responseEvent.response!), statusCode: 302 }), null)
  assert.match(
    check({ ...copy(responseEvent.response!), statusDescription: 'OK\r\nX: y' })!,
    /statusDescription contains a carriage return/,
  )
  assert.match(check({ statusCode: 200, body: { encoding: 'base64', data: '%%%' } })!, /not valid base64/)
})

test('validateForViewer: a query value the event already held is kept; one the function adds is checked', () => {
  const event = copy(requestEvent)
  event.request.querystring = { q: { value: 'x y', multiValue: [{ value: 'x y' }, { value: 'z' }] } }
  const check = (mutate: (r: CfEvent['request']) => void) => {
    const out = copy(event.request)
    mutate(out)
    return validateForViewer('viewer-request', event, checkOutputShape('viewer-request', out))
  }
  assert.equal(
    check(() => {}),
    null,
  )
  assert.match(
    check((r) => {
      r.querystring.q = { value: 'a b' }
    })!,
    /request\.querystring\["?q"?\]?.*must not contain a space/,
  )
})
