import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { FunctionLogEntry } from '../../src/edge/index.js'
import type { EdgeOverOrigin, TestEdge, TestOrigin } from './fixture.js'
import { arnOf, behavior, pathBehavior, startEdgeOverOrigin, viewerRequest } from './fixture.js'

const REQUEST_FUNCTION = `
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.startsWith('/boom')) throw new Error('boom on ' + uri);
  if (uri === '/loop') { while (true) {} }
  if (uri === '/invalid') return 42;
  if (uri === '/status-100') return { statusCode: 100 };
  if (uri === '/status-101') return { statusCode: 101, headers: { upgrade: { value: 'websocket' } } };
  if (uri === '/disallowed') { request.headers['x-cache'] = { value: 'forged' }; return request; }
  if (uri === '/readonly') { request.headers['host'] = { value: 'elsewhere.test' }; return request; }
  if (uri === '/relative') { request.uri = 'no-slash'; return request; }
  if (uri === '/redirect') {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: 'https://example.com/' } } };
  }
  console.log('passing ' + uri);
  request.headers['x-from-function'] = { value: 'yes' };
  return request;
}
`

const RESPONSE_FUNCTION = `
function handler(event) {
  var response = event.response;
  if (event.request.uri === '/bad-response') return { nothing: true };
  response.headers['x-added'] = { value: 'by viewer-response' };
  return response;
}
`

let fixture: EdgeOverOrigin
let origin: TestOrigin
let edge: TestEdge
const logs: FunctionLogEntry[] = []

before(async () => {
  fixture = await startEdgeOverOrigin({
    origin: (req, res) => {
      if (req.url === '/missing') {
        res.writeHead(404, { 'Content-Type': 'text/plain' })
        res.end('not here')
        return
      }
      res.writeHead(200, {
        'Content-Type': 'text/plain',
        'X-Seen-Function-Header': String(req.headers['x-from-function']),
      })
      res.end(`origin saw ${req.url}`)
    },
    functions: { 'request-fn': REQUEST_FUNCTION, 'response-fn': RESPONSE_FUNCTION },
    originId: 'app',
    distribution: {
      defaultBehavior: behavior('app', {
        FunctionAssociations: [{ FunctionARN: arnOf('request-fn'), EventType: 'viewer-request' }],
      }),
      behaviors: [
        pathBehavior('/r/*', 'app', {
          FunctionAssociations: [{ FunctionARN: arnOf('response-fn'), EventType: 'viewer-response' }],
        }),
        pathBehavior('/missing', 'app', {
          FunctionAssociations: [{ FunctionARN: arnOf('response-fn'), EventType: 'viewer-response' }],
        }),
        pathBehavior('/bad-response', 'app', {
          FunctionAssociations: [{ FunctionARN: arnOf('response-fn'), EventType: 'viewer-response' }],
        }),
        pathBehavior('/unloaded', 'app', {
          FunctionAssociations: [
            { FunctionARN: 'arn:aws:cloudfront::1:function/absent', EventType: 'viewer-request' },
          ],
        }),
      ],
    },
    server: { logger: { functionLog: (entry) => logs.push(entry) } },
  })
  origin = fixture.origin
  edge = fixture.edge
})

after(() => fixture.close())

const FUNCTION_FAILED =
  /The CloudFront function associated with the CloudFront distribution is invalid or could not run\./

test('viewer-request: a function that throws gives 503 on that request while other paths serve', async () => {
  const failed = await viewerRequest(edge, '/boom/x')
  assert.equal(failed.status, 503)
  assert.match(failed.body, FUNCTION_FAILED)
  assert.equal(failed.headers['x-cache'], 'Error from verge')
  const fine = await viewerRequest(edge, '/fine')
  assert.equal(fine.status, 200)
  assert.equal(fine.body, 'origin saw /fine')
  assert.equal(
    fine.headers['x-seen-function-header'],
    'yes',
    'a header the function added reaches the origin',
  )
  assert.equal((await viewerRequest(edge, '/boom/y')).status, 503)
  assert.ok(logs.some((e) => e.errorMessage?.includes('boom on /boom/x')))
  assert.ok(logs.some((e) => e.logs.includes('passing /fine')))
})

test('viewer-request: a function that overruns its budget gives 503, and the edge serves on', async () => {
  assert.equal((await viewerRequest(edge, '/loop')).status, 503)
  assert.equal((await viewerRequest(edge, '/fine2')).status, 200)
})

test('viewer-request: an invalid result gives 502', async () => {
  const reply = await viewerRequest(edge, '/invalid')
  assert.equal(reply.status, 502)
  assert.equal(reply.headers['x-cache'], 'Error from verge')
})

test('viewer-request: a generated 1xx response is an invalid result (502), never a final 1xx', async () => {
  for (const path of ['/status-100', '/status-101']) {
    const reply = await viewerRequest(edge, path)
    assert.equal(reply.status, 502, path)
    assert.equal(reply.headers['x-cache'], 'Error from verge')
  }
  assert.equal((await viewerRequest(edge, '/fine3')).status, 200)
})

test('viewer-request: adding a disallowed header, changing a read-only one or a uri without / gives 502', async () => {
  assert.equal((await viewerRequest(edge, '/disallowed')).status, 502)
  assert.equal((await viewerRequest(edge, '/readonly')).status, 502)
  assert.equal((await viewerRequest(edge, '/relative')).status, 502)
})

test('viewer-request: an associated function missing from the replica gives 503', async () => {
  assert.equal((await viewerRequest(edge, '/unloaded')).status, 503)
})

test('viewer-request: a generated redirect goes straight back', async () => {
  const before = origin.requests.length
  const reply = await viewerRequest(edge, '/redirect')
  assert.equal(reply.status, 302)
  assert.equal(reply.headers.location, 'https://example.com/')
  assert.equal(reply.headers['x-cache'], 'FunctionGeneratedResponse from verge')
  assert.equal(origin.requests.length, before)
})

test('viewer-response: the function adds a header to the origin response', async () => {
  const reply = await viewerRequest(edge, '/r/page')
  assert.equal(reply.status, 200)
  assert.equal(reply.body, 'origin saw /r/page', 'omitting body passes the origin body through')
  assert.equal(reply.headers['x-added'], 'by viewer-response')
  assert.equal(reply.headers['content-type'], 'text/plain')
})

test('viewer-response: not invoked when the origin returns 400 or more', async () => {
  const reply = await viewerRequest(edge, '/missing')
  assert.equal(reply.status, 404)
  assert.equal(reply.body, 'not here')
  assert.equal(reply.headers['x-added'], undefined)
})

test('viewer-response: an invalid result gives 502', async () => {
  assert.equal((await viewerRequest(edge, '/bad-response')).status, 502)
})
