import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { freePort } from '../helpers/free-port.js'
import type { EdgeOverOrigin, TestEdge, TestOrigin } from './fixture.js'
import {
  arnOf,
  behavior,
  localOrigin,
  pathBehavior,
  startEdgeOverOrigin,
  startOrigin,
  viewerRequest,
} from './fixture.js'

let fixture: EdgeOverOrigin
let main: TestOrigin
let second: TestOrigin
let failing: TestOrigin
let slow: TestOrigin
let closedPort: number
let edge: TestEdge

function originFunction(secondPort: number): string {
  return `import cf from 'cloudfront';
function handler(event) {
  var uri = event.request.uri;
  if (uri.startsWith('/update/')) {
    cf.updateRequestOrigin({
      domainName: '127.0.0.1',
      originPath: '/v2',
      customHeaders: { 'x-origin-secret': 'second' },
      customOriginConfig: { port: ${secondPort}, protocol: 'http' }
    });
  } else if (uri.startsWith('/select/')) {
    cf.selectRequestOriginById('second');
  } else if (uri.startsWith('/nosuch/')) {
    cf.selectRequestOriginById('no-such-origin');
  } else if (uri.startsWith('/group-status/')) {
    cf.createRequestOriginGroup({ originIds: ['failing', 'second'], failoverCriteria: { statusCodes: [500] } });
  } else if (uri.startsWith('/group-down/')) {
    cf.createRequestOriginGroup({ originIds: ['down', 'second'], failoverCriteria: { statusCodes: [500] } });
  }
  return event.request;
}`
}

before(async () => {
  second = await startOrigin((req, res) => res.end(`second ${req.url}`))
  failing = await startOrigin((_req, res) => {
    res.writeHead(500)
    res.end('primary failed')
  })
  slow = await startOrigin((_req, res) => {
    setTimeout(() => res.end('too late'), 2_000).unref()
  })
  closedPort = await freePort()
  fixture = await startEdgeOverOrigin({
    origin: (req, res) => res.end(`main ${req.url}`),
    functions: { 'origin-fn': originFunction(second.port) },
    originId: 'main',
    originConfig: {
      OriginPath: '/base/',
      CustomHeaders: [
        { HeaderName: 'X-Origin-Secret', HeaderValue: 's3cr3t' },
        { HeaderName: 'X-Overridden', HeaderValue: 'by-origin' },
      ],
    },
    distribution: {
      origins: [
        localOrigin('second', second.port),
        localOrigin('failing', failing.port),
        localOrigin('down', closedPort),
        localOrigin('slow', slow.port, {
          CustomOriginConfig: {
            HTTPPort: slow.port,
            HTTPSPort: 443,
            OriginProtocolPolicy: 'http-only',
            OriginReadTimeout: 0.3,
          },
        }),
      ],
      defaultBehavior: behavior('main', {
        FunctionAssociations: [{ FunctionARN: arnOf('origin-fn'), EventType: 'viewer-request' }],
      }),
      behaviors: [
        pathBehavior('/down/*', 'down'),
        pathBehavior('/slow/*', 'slow'),
        pathBehavior('/plain/*', 'main'),
      ],
    },
  })
  main = fixture.origin
  edge = fixture.edge
})

after(async () => {
  await fixture.close()
  for (const origin of [second, failing, slow]) await origin.close()
})

test('origin: OriginPath is prefixed and CustomHeaders reach the origin', async () => {
  const reply = await viewerRequest(edge, '/plain/page?q=1', { headers: { 'X-Overridden': 'by-viewer' } })
  assert.equal(reply.body, 'main /base/plain/page?q=1')
  const seen = main.requests.at(-1)!
  assert.equal(seen.headers['x-origin-secret'], 's3cr3t')
  assert.equal(seen.headers['x-overridden'], 'by-origin', 'a custom header replaces the viewer header')
})

test('origin: Host is the origin domain, X-Forwarded-For, Via and X-Amz-Cf-Id are added', async () => {
  const reply = await viewerRequest(edge, '/plain/h', { headers: { 'X-Forwarded-For': '203.0.113.9' } })
  const seen = main.requests.at(-1)!
  assert.equal(seen.headers.host, `127.0.0.1:${main.port}`)
  assert.equal(seen.headers['x-forwarded-for'], '203.0.113.9, 127.0.0.1')
  assert.equal(seen.headers.via, '1.1 test-edge.verge (Verge)')
  assert.equal(seen.headers['x-amz-cf-id'], reply.headers['x-amz-cf-id'])
})

test('origin: a closed port gives 502', async () => {
  const reply = await viewerRequest(edge, '/down/x')
  assert.equal(reply.status, 502)
  assert.equal(reply.headers['x-cache'], 'Error from verge')
})

test('origin: no response within OriginReadTimeout gives 504', async () => {
  const reply = await viewerRequest(edge, '/slow/x')
  assert.equal(reply.status, 504)
  assert.equal(reply.headers['x-cache'], 'Error from verge')
})

test('origin: cf.updateRequestOrigin sends the request to another origin with its path and headers', async () => {
  const reply = await viewerRequest(edge, '/update/page')
  assert.equal(reply.body, 'second /v2/update/page')
  const seen = second.requests.at(-1)!
  assert.equal(seen.headers['x-origin-secret'], 'second', 'customHeaders replaced the origin custom headers')
  assert.equal(seen.headers['x-overridden'], undefined)
  assert.equal(seen.headers.host, `127.0.0.1:${second.port}`)
})

test('origin: cf.selectRequestOriginById picks another origin of the distribution', async () => {
  assert.equal((await viewerRequest(edge, '/select/a')).body, 'second /select/a')
  assert.equal((await viewerRequest(edge, '/nosuch/a')).status, 502)
})

test('origin: cf.createRequestOriginGroup fails over on a listed status and on a dead primary', async () => {
  const before = failing.requests.length
  assert.equal((await viewerRequest(edge, '/group-status/a')).body, 'second /group-status/a')
  assert.equal(failing.requests.length, before + 1)
  assert.equal((await viewerRequest(edge, '/group-down/a')).body, 'second /group-down/a')
})
