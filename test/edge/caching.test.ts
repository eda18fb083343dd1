import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { EdgeOverOrigin, TestEdge, TestOrigin } from './fixture.js'
import { arnOf, behavior, pathBehavior, startEdgeOverOrigin, viewerRequest } from './fixture.js'

let fixture: EdgeOverOrigin
let origin: TestOrigin
let edge: TestEdge
let now = Date.UTC(2026, 0, 1)
let served = 0

const RESPONSE_FUNCTION = `
function handler(event) {
  event.response.headers['x-viewer-response'] = { value: 'ran' };
  return event.response;
}
`

before(async () => {
  fixture = await startEdgeOverOrigin({
    origin: (req, res) => {
      served++
      const url = new URL(req.url ?? '/', 'http://origin')
      if (url.pathname === '/etag') {
        if (req.headers['if-none-match'] === '"v1"') {
          res.writeHead(304, { ETag: '"v1"', 'Cache-Control': 'max-age=10' })
          res.end()
          return
        }
        res.writeHead(200, { ETag: '"v1"', 'Cache-Control': 'max-age=10', 'Content-Type': 'text/plain' })
        res.end(`etag body ${served}`)
        return
      }
      const cacheControl = url.searchParams.get('cc')
      const headers: Record<string, string> = { 'Content-Type': 'text/plain' }
      if (cacheControl !== null) headers['Cache-Control'] = cacheControl
      else if (url.pathname.startsWith('/max-age/')) headers['Cache-Control'] = 'max-age=60'
      res.writeHead(200, headers)
      res.end(`body ${served} for ${req.url}`)
    },
    functions: { 'response-fn': RESPONSE_FUNCTION },
    originId: 'app',
    distribution: {
      defaultBehavior: behavior('app', { MinTTL: 0, DefaultTTL: 30, MaxTTL: 100 }),
      behaviors: [
        pathBehavior('/noquery/*', 'app', { DefaultTTL: 30, ForwardedValues: { QueryString: false } }),
        pathBehavior('/min/*', 'app', { MinTTL: 20, DefaultTTL: 30, MaxTTL: 100 }),
        pathBehavior('/nocache/*', 'app', { MinTTL: 0, DefaultTTL: 0, MaxTTL: 0 }),
        pathBehavior('/vr/*', 'app', {
          DefaultTTL: 30,
          FunctionAssociations: [{ FunctionARN: arnOf('response-fn'), EventType: 'viewer-response' }],
        }),
      ],
    },
    server: { now: () => now },
  })
  origin = fixture.origin
  edge = fixture.edge
})

after(() => fixture.close())

test('cache: a second request is a Hit with Age; the origin sees one request', async () => {
  const first = await viewerRequest(edge, '/a')
  const before = served
  now += 5_000
  const second = await viewerRequest(edge, '/a')
  assert.equal(first.headers['x-cache'], 'Miss from verge')
  assert.equal(second.headers['x-cache'], 'Hit from verge')
  assert.equal(second.body, first.body)
  assert.equal(second.headers.age, '5')
  assert.equal(first.headers.age, undefined)
  assert.equal(served, before)
})

test('cache: DefaultTTL applies when the origin sends no Cache-Control', async () => {
  await viewerRequest(edge, '/default')
  now += 29_000
  assert.equal((await viewerRequest(edge, '/default')).headers['x-cache'], 'Hit from verge')
  now += 2_000
  assert.equal((await viewerRequest(edge, '/default')).headers['x-cache'], 'Miss from verge')
})

test('cache: Cache-Control max-age is clamped by MaxTTL', async () => {
  await viewerRequest(edge, '/big?cc=max-age%3D1000')
  now += 99_000
  assert.equal((await viewerRequest(edge, '/big?cc=max-age%3D1000')).headers['x-cache'], 'Hit from verge')
  now += 2_000
  assert.equal((await viewerRequest(edge, '/big?cc=max-age%3D1000')).headers['x-cache'], 'Miss from verge')
})

test('cache: Cache-Control no-store is not cached unless MinTTL says so', async () => {
  await viewerRequest(edge, '/x?cc=no-store')
  assert.equal((await viewerRequest(edge, '/x?cc=no-store')).headers['x-cache'], 'Miss from verge')
  await viewerRequest(edge, '/min/x?cc=no-store')
  now += 19_000
  assert.equal((await viewerRequest(edge, '/min/x?cc=no-store')).headers['x-cache'], 'Hit from verge')
  now += 2_000
  assert.equal((await viewerRequest(edge, '/min/x?cc=no-store')).headers['x-cache'], 'Miss from verge')
})

test('cache: MaxTTL 0 caches nothing', async () => {
  await viewerRequest(edge, '/nocache/a?cc=max-age%3D60')
  assert.equal(
    (await viewerRequest(edge, '/nocache/a?cc=max-age%3D60')).headers['x-cache'],
    'Miss from verge',
  )
})

test('cache: the forwarded query string is part of the key', async () => {
  const a = await viewerRequest(edge, '/q?v=1')
  const b = await viewerRequest(edge, '/q?v=2')
  assert.notEqual(a.body, b.body)
  assert.equal((await viewerRequest(edge, '/q?v=1')).body, a.body)
})

test('cache: without QueryString forwarding the origin gets no query and one entry serves all', async () => {
  const a = await viewerRequest(edge, '/noquery/p?v=1')
  assert.equal(origin.requests.at(-1)?.url, '/noquery/p')
  const b = await viewerRequest(edge, '/noquery/p?v=2')
  assert.equal(b.headers['x-cache'], 'Hit from verge')
  assert.equal(b.body, a.body)
})

test('cache: HEAD is answered from a GET entry, without a body', async () => {
  const get = await viewerRequest(edge, '/head-me')
  const head = await viewerRequest(edge, '/head-me', { method: 'HEAD' })
  assert.equal(head.headers['x-cache'], 'Hit from verge')
  assert.equal(head.body, '')
  assert.equal(head.headers['content-length'], String(Buffer.byteLength(get.body)))
})

test('cache: the viewer-response function runs on hits too', async () => {
  const miss = await viewerRequest(edge, '/vr/page')
  const hit = await viewerRequest(edge, '/vr/page')
  assert.equal(miss.headers['x-viewer-response'], 'ran')
  assert.equal(hit.headers['x-cache'], 'Hit from verge')
  assert.equal(hit.headers['x-viewer-response'], 'ran')
})

test('cache: a stale entry with an ETag is revalidated; a 304 refreshes it (RefreshHit)', async () => {
  const first = await viewerRequest(edge, '/etag')
  assert.equal(first.headers['x-cache'], 'Miss from verge')
  now += 11_000
  const before = served
  const refreshed = await viewerRequest(edge, '/etag')
  assert.equal(served, before + 1)
  assert.equal(origin.requests.at(-1)?.headers['if-none-match'], '"v1"')
  assert.equal(refreshed.status, 200)
  assert.equal(refreshed.headers['x-cache'], 'RefreshHit from verge')
  assert.equal(refreshed.body, first.body)
  now += 5_000
  const hit = await viewerRequest(edge, '/etag')
  assert.equal(hit.headers['x-cache'], 'Hit from verge')
  assert.equal(served, before + 1)
})
