import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { BLOG_ROUTER_FUNCTION, KEY_ECHO_FUNCTION } from '../../src/cli/demo/seed-functions.js'
import { type EdgeNode, startEdgeNode } from '../../src/edge/edge-node.js'
import { EDGE_ID_HEADER, EDGE_NAME_HEADER, SYNC_CHANGES_PATH } from '../../src/sync/index.js'
import { waitFor } from '../helpers/wait-for.js'
import { type CliEdgeFixture, startCliEdgeFixture } from './cli-edge-fixture.js'
import { type CliFixture, parseJson } from './cli-process.js'

// Issue 18: `--wait` returns once every connected edge has applied the change, says how long it
// took, and fails clearly when an edge stays behind; `distribution describe` shows the behaviors
// with their functions.

let f: CliEdgeFixture
let fx: CliFixture
let edge: EdgeNode | undefined
let distributionId: string

interface Propagation {
  Revision: number
  ConnectedEdges: number
  AppliedEdges: number
  Milliseconds: number
}

before(async () => {
  f = await startCliEdgeFixture('verge-cli-wait-edge-')
  fx = f.fx
})

after(async () => {
  await edge?.close()
  await f.stop()
})

const ok = (...args: string[]) => f.ok(...args)

const viewer = async (path: string) => (await fetch(`${edge?.url}${path}`)).text()

function distributionYaml(comment: string): string {
  return `Comment: ${comment}
Enabled: true
Origins:
  - Id: app
    DomainName: 127.0.0.1
    CustomOriginConfig: {HTTPPort: ${f.originPort}, HTTPSPort: 443, OriginProtocolPolicy: http-only}
DefaultCacheBehavior:
  TargetOriginId: app
  ViewerProtocolPolicy: allow-all
  CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
  FunctionAssociations:
    - {FunctionARN: wait-router, EventType: viewer-request}
CacheBehaviors:
  - PathPattern: /hello*
    TargetOriginId: app
    ViewerProtocolPolicy: allow-all
    CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    FunctionAssociations:
      - {FunctionARN: wait-echo, EventType: viewer-request}
`
}

test('--wait with no edge connected: nothing to wait for, said so', async () => {
  await ok('store', 'create', 'wait-store')
  const put = await ok('key', 'put', 'wait-store', 'hello', 'v1', '--wait')
  assert.match(put, /\nNo edge is connected: nothing to wait for \(revision \d+\)\.\n$/)
  const misuse = await fx.verge('key', 'put', 'wait-store', 'hello', 'v1', '--wait-timeout', '5')
  assert.equal(misuse.code, 2)
  assert.match(misuse.stderr, /--wait-timeout goes with --wait/)
})

test('distribution describe: lists every behavior in match order with its origin and functions', async () => {
  await ok('key', 'put', 'wait-store', 'blog', 'blog-v1')
  await ok(
    'function',
    'create',
    'wait-echo',
    '--code',
    f.file('echo.js', KEY_ECHO_FUNCTION),
    '--kvs',
    'wait-store',
  )
  await ok('function', 'publish', 'wait-echo')
  await ok(
    'function',
    'create',
    'wait-router',
    '--code',
    f.file('router.js', BLOG_ROUTER_FUNCTION),
    '--kvs',
    'wait-store',
  )
  await ok('function', 'publish', 'wait-router')
  const created = await fx.vergeJson<{ Distribution: { Id: string } }>(
    'distribution',
    'create',
    '--file',
    f.file('dist.yaml', distributionYaml('first')),
  )
  distributionId = created.Distribution.Id
  const described = await ok('distribution', 'describe', distributionId)
  const section = described.slice(described.indexOf('Behaviors'))
  assert.match(
    section,
    /^Behaviors \(in the order they are matched\):\n {2}PATH PATTERN\s+ORIGIN\s+VIEWER REQUEST\s+VIEWER RESPONSE\n/,
  )
  const rows = section
    .split('\n')
    .slice(2, 4)
    .map((line) => line.trim().split(/\s{2,}/))
  assert.deepEqual(rows, [
    ['/hello*', 'app', 'wait-echo', '-'],
    ['* (default)', 'app', 'wait-router', '-'],
  ])
})

test('--wait: key put, function publish and distribution update return once the edge has applied them', async () => {
  edge = await startEdgeNode({
    controlUrl: fx.controlPlane.url,
    token: fx.controlPlane.edgeToken,
    dataDir: f.edgeDir,
    port: 0,
    defaultDistributionId: distributionId,
    name: 'wait-edge',
  })
  await waitFor(async () => (await viewer('/hello')) === 'Key: hello Value: v1', {
    timeoutMs: 10_000,
    intervalMs: 50,
    what: 'the edge serves the distribution',
  })

  // No polling after --wait: the edge has the new value when the command returns.
  const put = await ok('key', 'put', 'wait-store', 'hello', 'v2', '--wait')
  assert.match(put, /\nReached 1\/1 connected edge in \d+ ms \(revision \d+\)\.\n$/)
  assert.equal(await viewer('/hello'), 'Key: hello Value: v2')

  const batch = parseJson<{ Propagation: Propagation }>(
    await fx.verge(
      'key',
      'update',
      'wait-store',
      '--file',
      f.file('batch.json', JSON.stringify({ Puts: [{ Key: 'hello', Value: 'v3' }] })),
      '--wait',
      '--output',
      'json',
    ),
  )
  assert.deepEqual([batch.Propagation.ConnectedEdges, batch.Propagation.AppliedEdges], [1, 1])
  assert.equal(await viewer('/hello'), 'Key: hello Value: v3')

  await ok(
    'function',
    'update',
    'wait-echo',
    '--code',
    f.file('echo2.js', KEY_ECHO_FUNCTION.replace('data: `Key: ', 'data: `K2: ')),
  )
  const published = await ok('function', 'publish', 'wait-echo', '--wait')
  assert.match(published, /Reached 1\/1 connected edge/)
  assert.equal(await viewer('/hello'), 'K2: hello Value: v3')

  const updated = parseJson<{ Distribution: { Status: string }; Propagation: Propagation }>(
    await fx.verge(
      'distribution',
      'update',
      distributionId,
      '--file',
      f.file('dist2.yaml', distributionYaml('second').replace('/hello*', '/hi*')),
      '--wait',
      '--output',
      'json',
    ),
  )
  assert.equal(updated.Distribution.Status, 'Deployed', 'read again after the wait')
  assert.equal(updated.Propagation.AppliedEdges, 1)
  // /hello now falls to the default behavior: the router maps it through the store's value.
  assert.equal(await viewer('/hello/index.html'), 'origin saw /v3/index.html')
})

test('--wait: an edge that stays behind fails the wait with the edge named, after --wait-timeout', async () => {
  // An edge that opens its change stream and never applies anything.
  const stalled = new AbortController()
  const stream = await fetch(`${fx.controlPlane.url}${SYNC_CHANGES_PATH}?after=0`, {
    headers: {
      authorization: `Bearer ${fx.controlPlane.edgeToken}`,
      [EDGE_ID_HEADER]: 'stalled-edge-id',
      [EDGE_NAME_HEADER]: 'stalled-edge',
    },
    signal: stalled.signal,
  })
  assert.equal(stream.status, 200)
  try {
    await waitFor(
      async () =>
        (
          await fx.vergeJson<{ Edges: Array<{ Name: string; Connected: boolean }> }>('edges', 'list')
        ).Edges.some((e) => e.Name === 'stalled-edge' && e.Connected),
      { timeoutMs: 10_000, intervalMs: 50, what: 'the stalled edge is connected' },
    )
    const result = await fx.verge('key', 'put', 'wait-store', 'hello', 'v4', '--wait', '--wait-timeout', '1')
    assert.equal(result.code, 1)
    assert.equal(result.stdout, '')
    assert.match(
      result.stderr,
      /^error: Timeout: The change is saved \(revision \d+\), but after 1 s 1 of 2 connected edges applied it; still behind: stalled-edge \(at 0\)\.\n$/,
    )
    // Saved all the same, and the real edge has it.
    assert.equal((await fx.verge('key', 'get', 'wait-store', 'hello')).stdout, 'v4\n')
  } finally {
    stalled.abort()
  }
})
