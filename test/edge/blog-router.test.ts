import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { BLOG_ROUTER_FUNCTION, KEY_ECHO_FUNCTION } from '../../src/cli/demo/seed-functions.js'
import { MemoryKeyValueStore } from '../../src/kvs/memory-store.js'
import type { EdgeOverOrigin, TestEdge, TestOrigin } from './fixture.js'
import { arnOf, behavior, pathBehavior, startEdgeOverOrigin, viewerRequest } from './fixture.js'

let fixture: EdgeOverOrigin
let origin: TestOrigin
let edge: TestEdge
let store: MemoryKeyValueStore

before(async () => {
  store = new MemoryKeyValueStore({ id: 'a1b2c3d4-0000-4000-8000-000000000001' })
  store.put('blog', 'blog-v1')
  store.put('hello', 'Hello World')
  fixture = await startEdgeOverOrigin({
    functions: { 'blog-router': BLOG_ROUTER_FUNCTION, 'key-echo': KEY_ECHO_FUNCTION },
    keyValueStore: store,
    originId: 'app',
    distribution: {
      defaultBehavior: behavior('app', {
        FunctionAssociations: [{ FunctionARN: arnOf('blog-router'), EventType: 'viewer-request' }],
      }),
      behaviors: [
        pathBehavior('/hello*', 'app', {
          FunctionAssociations: [{ FunctionARN: arnOf('key-echo'), EventType: 'viewer-request' }],
        }),
      ],
    },
  })
  origin = fixture.origin
  edge = fixture.edge
})

after(() => fixture.close())

test('blog router: /blog/index.html is fetched from the origin as /blog-v1/index.html', async () => {
  const reply = await viewerRequest(edge, '/blog/index.html')
  assert.equal(reply.status, 200)
  assert.equal(reply.body, 'origin saw /blog-v1/index.html')
  assert.equal(origin.requests.at(-1)?.url, '/blog-v1/index.html')
  assert.equal(reply.headers['x-cache'], 'Miss from verge')
  assert.equal(reply.headers.via, '1.1 test-edge.verge (Verge)')
  assert.match(String(reply.headers['x-amz-cf-id']), /^[A-Za-z0-9_-]{54}==$/)
})

test('blog router: a new store value routes the next request to /blog-v2', async () => {
  store.put('blog', 'blog-v2')
  const reply = await viewerRequest(edge, '/blog/post.html?x=1')
  assert.equal(reply.body, 'origin saw /blog-v2/post.html?x=1')
  assert.equal(origin.requests.at(-1)?.url, '/blog-v2/post.html?x=1')
})

test('blog router: a path without a key goes to the origin unchanged', async () => {
  const reply = await viewerRequest(edge, '/other/page')
  assert.equal(reply.body, 'origin saw /other/page')
})

test('key echo: the function generates the response, marked FunctionGeneratedResponse', async () => {
  const before = origin.requests.length
  const reply = await viewerRequest(edge, '/hello/world')
  assert.equal(reply.status, 200)
  assert.equal(reply.body, 'Key: hello Value: Hello World')
  assert.equal(reply.headers['x-cache'], 'FunctionGeneratedResponse from verge')
  assert.equal(reply.headers['content-length'], String(reply.body.length))
  assert.equal(origin.requests.length, before, 'a generated response never reaches the origin')
})
