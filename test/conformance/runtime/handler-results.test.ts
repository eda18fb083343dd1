import assert from 'node:assert/strict'
import { test } from 'node:test'
import { viewerRequestEvent, viewerResponseEvent } from '../../helpers/events.js'
import { runCode } from '../../helpers/run-code.js'

// What a handler returns, and how failures come back as values.

test('handler: returning the request continues with it', () => {
  const result = runCode(`function handler(event) { event.request.uri = '/new'; return event.request }`)
  assert.ok(result.output && 'request' in result.output)
  assert.equal(result.output.request.uri, '/new')
})

test('handler: returning a response from viewer-request generates it', () => {
  const result = runCode(
    `function handler() { return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: 'https://example.com/' } } } }`,
  )
  assert.ok(result.output && 'response' in result.output)
  assert.equal(result.output.response.statusCode, 302)
  assert.deepEqual(result.output.response.headers, { location: { value: 'https://example.com/' } })
})

test('handler: an async handler resolves to its result', () => {
  const result = runCode(`async function handler(event) { await null; return event.request }`)
  assert.ok(result.output && 'request' in result.output)
})

test('handler: viewer-response returns the response', () => {
  const result = runCode(
    `function handler(event) { event.response.headers['x-added'] = { value: '1' }; return event.response }`,
    {
      event: viewerResponseEvent('/'),
    },
  )
  assert.ok(result.output && 'response' in result.output)
  assert.deepEqual(result.output.response.headers['x-added'], { value: '1' })
})

test('handler: a throw is an errorMessage naming the error and its line', () => {
  const result = runCode(`function handler(event) {\n  var x = null;\n  return x.missing;\n}`)
  assert.equal(result.output, undefined)
  assert.match(result.errorMessage ?? '', /TypeError: .*null.*line 3/)
})

test('handler: a rejected promise is an errorMessage', () => {
  const result = runCode(`async function handler() { throw new RangeError('out of range') }`)
  assert.match(result.errorMessage ?? '', /RangeError: out of range/)
})

test('handler: throwing a non-Error is reported', () => {
  const result = runCode(`function handler() { throw 'plain string' }`)
  assert.match(result.errorMessage ?? '', /plain string/)
})

test('handler: returning undefined is an invalid result', () => {
  const result = runCode(`function handler() {}`)
  assert.equal(result.output, undefined)
  assert.match(result.errorMessage ?? '', /undefined/)
})

test('handler: returning a non-object is an invalid result', () => {
  const result = runCode(`function handler() { return 42 }`)
  assert.ok(result.errorMessage)
})

test('handler: a circular result is an error, not a crash', () => {
  const result = runCode(
    `function handler(event) { event.request.self = event.request; return event.request }`,
  )
  assert.match(result.errorMessage ?? '', /circular/i)
})

test('handler: the event has the documented shape', () => {
  const result = runCode(
    `function handler(event) { return { statusCode: 200, body: [event.version, event.context.eventType, event.viewer.ip, event.request.method, typeof event.request.querystring, typeof event.request.cookies].join() } }`,
    { event: viewerRequestEvent('/') },
  )
  assert.ok(result.output && 'response' in result.output)
  assert.equal(result.output.response.body, '1.0,viewer-request,198.51.100.11,GET,object,object')
})

test('request.rawQueryString(): the raw query, "" for a bare "?", undefined with none (2.0)', () => {
  const code = `function handler(event) { return { statusCode: 200, body: String(event.request.rawQueryString()) } }`
  const bodyFor = (raw: string | undefined) => {
    const result = runCode(code, { run: raw === undefined ? {} : { rawQueryString: raw } })
    assert.ok(result.output && 'response' in result.output)
    return result.output.response.body
  }
  assert.equal(bodyFor('a=1&b=%20'), 'a=1&b=%20')
  assert.equal(bodyFor(''), '')
  assert.equal(bodyFor(undefined), 'undefined')
})

test('request.rawQueryString(): rebuilt from the querystring of a test event, and absent from the output', () => {
  const event = viewerRequestEvent('/', {
    querystring: { a: { value: '1' }, b: { value: 'x y', multiValue: [{ value: 'x y' }, { value: '2' }] } },
  })
  const result = runCode(
    `function handler(event) { event.request.headers['x-raw'] = { value: event.request.rawQueryString() }; return event.request }`,
    {
      event,
    },
  )
  assert.ok(result.output && 'request' in result.output)
  assert.equal(result.output.request.headers['x-raw']?.value, 'a=1&b=x%20y&b=2')
  assert.equal('rawQueryString' in result.output.request, false)
})
