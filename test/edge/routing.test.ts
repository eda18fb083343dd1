import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import {
  behavior,
  distribution,
  EdgeReplica,
  localOrigin,
  pathBehavior,
  startEdge,
  startOrigin,
  type TestEdge,
  type TestOrigin,
  viewerRequest,
} from './fixture.js'

let originA: TestOrigin
let originB: TestOrigin
let edge: TestEdge
let edgeWithDefault: TestEdge

function replicaFor(): EdgeReplica {
  const replica = new EdgeReplica()
  replica.putDistribution(
    distribution({
      id: 'ESHOP',
      aliases: ['shop.example.com'],
      origins: [localOrigin('a', originA.port), localOrigin('b', originB.port)],
      defaultBehavior: behavior('a'),
      behaviors: [
        pathBehavior('/images/*.png', 'b'),
        pathBehavior('images/*', 'a'),
        pathBehavior('*.png', 'b'),
        pathBehavior('/file?.txt', 'b'),
      ],
    }),
  )
  replica.putDistribution(
    distribution({
      id: 'EOTHER',
      aliases: ['other.example.com'],
      origins: [localOrigin('b', originB.port)],
      defaultBehavior: behavior('b'),
    }),
  )
  return replica
}

before(async () => {
  originA = await startOrigin((req, res) => res.end(`A ${req.url}`))
  originB = await startOrigin((req, res) => res.end(`B ${req.url}`))
  edge = await startEdge(replicaFor())
  edgeWithDefault = await startEdge(replicaFor(), { defaultDistributionId: 'EOTHER' })
})

after(async () => {
  await edge.close()
  await edgeWithDefault.close()
  await originA.close()
  await originB.close()
})

const shop = { host: 'shop.example.com' }

test('viewer server: path patterns are checked in list order and the first match wins', async () => {
  assert.equal((await viewerRequest(edge, '/images/a.png', shop)).body, 'B /images/a.png')
  assert.equal((await viewerRequest(edge, '/images/sub/a.jpg', shop)).body, 'A /images/sub/a.jpg')
  assert.equal((await viewerRequest(edge, '/docs/a.png', shop)).body, 'B /docs/a.png')
  assert.equal((await viewerRequest(edge, '/file1.txt', shop)).body, 'B /file1.txt')
})

test('viewer server: the default behavior takes what no pattern matches; matching is case-sensitive', async () => {
  assert.equal((await viewerRequest(edge, '/docs/a.PNG', shop)).body, 'A /docs/a.PNG')
  assert.equal((await viewerRequest(edge, '/file12.txt', shop)).body, 'A /file12.txt')
})

test('viewer server: the query string does not take part in path matching', async () => {
  assert.equal((await viewerRequest(edge, '/docs/a.txt?f=x.png', shop)).body, 'A /docs/a.txt?f=x.png')
})

test('viewer server: Host picks the distribution by alias, case-insensitively, port ignored', async () => {
  assert.equal((await viewerRequest(edge, '/x', { host: 'Shop.Example.COM:8443' })).body, 'A /x')
  assert.equal((await viewerRequest(edge, '/x', { host: 'other.example.com' })).body, 'B /x')
  assert.equal((await viewerRequest(edge, '/x', { host: 'eother.verge.test' })).body, 'B /x')
})

test('viewer server: an unknown Host gets a 403 error page', async () => {
  const reply = await viewerRequest(edge, '/x', { host: 'nobody.example.com' })
  assert.equal(reply.status, 403)
  assert.equal(reply.headers['x-cache'], 'Error from verge')
  assert.match(reply.body, /The request could not be satisfied/)
  assert.match(reply.body, new RegExp(`Request ID: ${String(reply.headers['x-amz-cf-id'])}`))
})

test('viewer server: an unknown Host goes to the configured default distribution', async () => {
  assert.equal((await viewerRequest(edgeWithDefault, '/x', { host: 'nobody.example.com' })).body, 'B /x')
  assert.equal((await viewerRequest(edgeWithDefault, '/x', shop)).body, 'A /x')
})

test('viewer server: a method outside AllowedMethods gets 403 and never reaches the origin', async () => {
  const before = originA.requests.length
  const reply = await viewerRequest(edge, '/form', { ...shop, method: 'POST', body: 'a=1' })
  assert.equal(reply.status, 403)
  assert.match(reply.body, /not configured to allow the HTTP request method/)
  assert.equal(originA.requests.length, before)
})

test('viewer server: a replaced distribution takes effect on the next request', async () => {
  const replica = edge.replica
  replica.putDistribution(
    distribution({
      id: 'EOTHER',
      aliases: ['other.example.com'],
      origins: [localOrigin('a', originA.port)],
      defaultBehavior: behavior('a'),
    }),
  )
  assert.equal(replica.distribution('EOTHER')?.Id, 'EOTHER')
  assert.equal((await viewerRequest(edge, '/y', { host: 'other.example.com' })).body, 'A /y')
  replica.deleteDistribution('EOTHER')
  assert.equal((await viewerRequest(edge, '/y', { host: 'other.example.com' })).status, 403)
})

test('viewer server: ViewerProtocolPolicy is enforced for plain HTTP only when asked', async () => {
  const tls = distribution({
    id: 'ETLS',
    origins: [localOrigin('a', originA.port)],
    defaultBehavior: behavior('a', { ViewerProtocolPolicy: 'redirect-to-https' }),
    behaviors: [pathBehavior('/secure/*', 'a', { ViewerProtocolPolicy: 'https-only' })],
  })
  const replica = new EdgeReplica()
  replica.putDistribution(tls)
  const strict = await startEdge(replica, { enforceViewerProtocolPolicy: true })
  try {
    const redirect = await viewerRequest(strict, '/p?q=1', { host: 'etls.verge.test' })
    assert.equal(redirect.status, 301)
    assert.equal(redirect.headers.location, 'https://etls.verge.test/p?q=1')
    assert.equal((await viewerRequest(strict, '/secure/x', { host: 'etls.verge.test' })).status, 403)
  } finally {
    await strict.close()
  }
  const lenient = await startEdge(new EdgeReplica())
  try {
    lenient.replica.putDistribution(tls)
    assert.equal((await viewerRequest(lenient, '/p', { host: 'etls.verge.test' })).body, 'A /p')
  } finally {
    await lenient.close()
  }
})
