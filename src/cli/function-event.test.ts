import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CliError } from './errors.js'
import { buildTestEvent } from './function-event.js'

test('buildTestEvent: defaults to a GET of / with the host example.org', () => {
  assert.deepEqual(buildTestEvent({}), {
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '198.51.100.11' },
    request: {
      method: 'GET',
      uri: '/',
      querystring: {},
      headers: { host: { value: 'example.org' } },
      cookies: {},
    },
  })
})

test('buildTestEvent: repeated names collapse into value + multiValue', () => {
  const event = buildTestEvent({
    url: '/a/b?x=1&x=2,3&empty',
    headers: ['X-Tag: one', 'x-tag: two', 'Accept: a, b'],
  }) as { request: Record<string, unknown> }
  assert.deepEqual(event.request.querystring, {
    x: { value: '1', multiValue: [{ value: '1' }, { value: '2,3' }] },
    empty: { value: '' },
  })
  assert.deepEqual(event.request.headers, {
    'x-tag': { value: 'one', multiValue: [{ value: 'one' }, { value: 'two' }] },
    accept: { value: 'a, b' },
    host: { value: 'example.org' },
  })
})

test('buildTestEvent: a Cookie header goes to cookies, never to headers; a URL sets the host', () => {
  const event = buildTestEvent({
    url: 'https://shop.example:8443/p',
    headers: ['Cookie: a=1; b=2'],
    cookies: ['c=3'],
  }) as { request: Record<string, unknown> }
  assert.deepEqual(event.request.cookies, { a: { value: '1' }, b: { value: '2' }, c: { value: '3' } })
  assert.deepEqual(event.request.headers, { host: { value: 'shop.example:8443' } })
})

test('buildTestEvent: viewer-response adds a response with the given status', () => {
  const event = buildTestEvent({ eventType: 'viewer-response', statusCode: 404 }) as Record<string, unknown>
  assert.deepEqual((event.context as { eventType: string }).eventType, 'viewer-response')
  assert.equal((event.response as { statusCode: number }).statusCode, 404)
})

test('buildTestEvent: bad flags are usage errors', () => {
  for (const flags of [
    { method: 'FETCH' },
    { eventType: 'origin-request' },
    { url: 'relative' },
    { headers: ['nocolon'] },
  ]) {
    assert.throws(
      () => buildTestEvent(flags),
      (e: unknown) => e instanceof CliError && e.code === 'UsageError',
    )
  }
})
