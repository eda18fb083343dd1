import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import {
  behavior,
  distribution,
  EdgeReplica,
  localOrigin,
  pathBehavior,
  putFunction,
  startEdge,
  startOrigin,
  type TestEdge,
  type TestOrigin,
  viewerRequest,
} from './fixture.js'

// A/B testing: viewer-request picks a group (from the viewer's cookie, or from a header here, so
// that the test is deterministic), tells the origin through a header and a rewritten uri;
// viewer-response reads the group back from the request and pins it with a cookie.
const AB_REQUEST = `
function handler(event) {
  var request = event.request;
  var group = request.cookies.group ? request.cookies.group.value : (request.headers['x-pick'] ? 'b' : 'a');
  request.headers['x-ab-group'] = { value: group };
  request.cookies.seen = { value: 'yes' };
  request.querystring.variant = { value: group };
  request.uri = '/' + group + request.uri;
  return request;
}
`

const AB_RESPONSE = `
function handler(event) {
  var request = event.request;
  var response = event.response;
  var group = request.headers['x-ab-group'];
  if (group) response.cookies.group = { value: group.value, attributes: 'Path=/' };
  response.headers['x-request-uri'] = { value: request.uri };
  response.headers['x-request-variant'] = { value: request.querystring.variant ? request.querystring.variant.value : 'none' };
  response.headers['x-request-cookie'] = { value: request.cookies.seen ? request.cookies.seen.value : 'none' };
  return response;
}
`

// Pretty URLs: viewer-request adds index.html to a directory; viewer-response undoes that
// rewrite in the Location of the origin's redirect.
const INDEX_REQUEST = `
function handler(event) {
  var request = event.request;
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
}
`

const INDEX_RESPONSE = `
function handler(event) {
  var response = event.response;
  var uri = event.request.uri;
  var location = response.headers.location;
  if (location && uri.endsWith('/index.html') && location.value === uri + '/') {
    location.value = uri.slice(0, -'index.html'.length);
  }
  return response;
}
`

let origin: TestOrigin
let edge: TestEdge

before(async () => {
  origin = await startOrigin((req, res) => {
    if (req.url?.startsWith('/docs/index.html')) {
      res.writeHead(301, { Location: `${req.url}/` })
      res.end()
      return
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    res.end(`origin saw ${req.url} group=${String(req.headers['x-ab-group'])}`)
  })
  const replica = new EdgeReplica()
  const association = (request: string, response: string) => ({
    FunctionAssociations: [
      { FunctionARN: request, EventType: 'viewer-request' as const },
      { FunctionARN: response, EventType: 'viewer-response' as const },
    ],
  })
  replica.putDistribution(
    distribution({
      origins: [localOrigin('app', origin.port)],
      defaultBehavior: behavior(
        'app',
        association(
          putFunction(replica, 'ab-request', AB_REQUEST),
          putFunction(replica, 'ab-response', AB_RESPONSE),
        ),
      ),
      behaviors: [
        pathBehavior(
          '/docs/*',
          'app',
          association(
            putFunction(replica, 'index-request', INDEX_REQUEST),
            putFunction(replica, 'index-response', INDEX_RESPONSE),
          ),
        ),
      ],
    }),
  )
  edge = await startEdge(replica)
})

after(async () => {
  await edge.close()
  await origin.close()
})

test('viewer-response event: carries the header, cookie, query and uri the viewer-request function set', async () => {
  const reply = await viewerRequest(edge, '/page', { headers: { 'x-pick': '1' } })
  assert.equal(reply.status, 200)
  assert.equal(reply.body, 'origin saw /b/page?variant=b group=b')
  assert.deepEqual(reply.headers['set-cookie'], ['group=b; Path=/'])
  assert.equal(reply.headers['x-request-uri'], '/b/page')
  assert.equal(reply.headers['x-request-variant'], 'b')
  assert.equal(reply.headers['x-request-cookie'], 'yes')
})

test('viewer-response event: a viewer that already has its group keeps it, on a cache hit too', async () => {
  for (let i = 0; i < 2; i++) {
    const reply = await viewerRequest(edge, '/stable', { headers: { cookie: 'group=a' } })
    assert.equal(reply.status, 200)
    assert.deepEqual(reply.headers['set-cookie'], ['group=a; Path=/'], `request ${i + 1}`)
    assert.equal(reply.headers['x-request-uri'], '/a/stable')
  }
})

test('viewer-response event: a function undoes the viewer-request uri rewrite in a redirect', async () => {
  const reply = await viewerRequest(edge, '/docs/')
  assert.equal(reply.status, 301)
  assert.equal(reply.headers.location, '/docs/')
})
