import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { BLOG_ROUTER_FUNCTION, KEY_ECHO_FUNCTION } from '../../src/cli/demo/seed-functions.js'
import { type EdgeNode, startEdgeNode } from '../../src/edge/index.js'
import { waitFor } from '../helpers/wait-for.js'
import { type CliEdgeFixture, startCliEdgeFixture } from './cli-edge-fixture.js'
import type { CliFixture } from './cli-process.js'

// The seed walkthrough (issue 6, point 2) with `verge` commands only; the edge is the only
// other actor, and it learns everything from the control plane.

let f: CliEdgeFixture
let fx: CliFixture
let edge: EdgeNode | undefined

before(async () => {
  f = await startCliEdgeFixture('verge-cli-edge-')
  fx = f.fx
})

after(async () => {
  await edge?.close()
  await f.stop()
})

const ok = (...args: string[]) => f.ok(...args)

async function viewer(path: string): Promise<string> {
  const response = await fetch(`${edge?.url}${path}`)
  return response.text()
}

test('walkthrough: store, key, function, test, publish, distribution, edge, then an edit reaches the edge', async () => {
  // A store and its pairs.
  await ok('store', 'create', 'demo', '--comment', 'walkthrough')
  await ok('key', 'put', 'demo', 'hello', 'Hello World')
  await ok('key', 'put', 'demo', 'blog', 'blog-v1')

  // The seed's function, then the store associated with it.
  await ok('function', 'create', 'key-echo', '--code', f.file('key-echo.js', KEY_ECHO_FUNCTION))
  const associated = await fx.vergeJson<{
    FunctionSummary: { FunctionConfig: { KeyValueStoreAssociations: { Quantity: number } } }
  }>('function', 'update', 'key-echo', '--kvs', 'demo')
  assert.equal(associated.FunctionSummary.FunctionConfig.KeyValueStoreAssociations.Quantity, 1)

  // Tested from flags, in both output formats.
  const tested = await ok(
    'function',
    'test',
    'key-echo',
    '--url',
    '/hello/world',
    '--header',
    'accept: text/plain',
  )
  assert.match(tested, /Compute utilization:\s+\d+/)
  assert.match(tested, /"data": "Key: hello Value: Hello World"/)
  const testedJson = await fx.vergeJson<{
    TestResult: { FunctionOutput: string; ComputeUtilization: string }
  }>('function', 'test', 'key-echo', '--url', '/hello/world')
  const output = JSON.parse(testedJson.TestResult.FunctionOutput) as { response: { body: { data: string } } }
  assert.equal(output.response.body.data, 'Key: hello Value: Hello World')
  assert.match(testedJson.TestResult.ComputeUtilization, /^\d+$/)

  await ok('function', 'publish', 'key-echo')

  // The blog router, published, named in the distribution file by its function name.
  await ok(
    'function',
    'create',
    'blog-router',
    '--code',
    f.file('blog-router.js', BLOG_ROUTER_FUNCTION),
    '--kvs',
    'demo',
  )
  await ok('function', 'publish', 'blog-router')
  const yaml = f.file(
    'distribution.yaml',
    `Comment: walkthrough
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
    - {FunctionARN: blog-router, EventType: viewer-request}
CacheBehaviors:
  - PathPattern: /hello*
    TargetOriginId: app
    ViewerProtocolPolicy: allow-all
    CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
`,
  )
  const created = await fx.vergeJson<{ Distribution: { Id: string } }>(
    'distribution',
    'create',
    '--file',
    yaml,
  )
  const id = created.Distribution.Id

  // Attach the function to the /hello* behavior.
  const attached = await fx.vergeJson<{
    Distribution: {
      DistributionConfig: {
        CacheBehaviors: { Items: Array<{ FunctionAssociations: { Items: Array<{ FunctionARN: string }> } }> }
      }
    }
  }>('distribution', 'associate', id, '--function', 'key-echo', '--path-pattern', '/hello*')
  const arn =
    attached.Distribution.DistributionConfig.CacheBehaviors.Items[0]?.FunctionAssociations.Items[0]
      ?.FunctionARN
  assert.match(arn ?? '', /:function\/key-echo$/)

  // An edge that knows only the control plane.
  edge = await startEdgeNode({
    controlUrl: fx.controlPlane.url,
    token: fx.controlPlane.edgeToken,
    dataDir: f.edgeDir,
    port: 0,
    defaultDistributionId: id,
    name: 'cli-edge',
  })
  await waitFor(async () => (await viewer('/hello/world')) === 'Key: hello Value: Hello World', {
    timeoutMs: 10_000,
    intervalMs: 100,
    what: 'the edge answers /hello/world from the store',
  })
  assert.equal(await viewer('/blog/index.html'), 'origin saw /blog-v1/index.html')

  // Edit blog with the CLI: the edge switches.
  await ok('key', 'put', 'demo', 'blog', 'blog-v2')
  await waitFor(async () => (await viewer('/blog/index.html')) === 'origin saw /blog-v2/index.html', {
    timeoutMs: 10_000,
    intervalMs: 100,
    what: 'the edge routes /blog to blog-v2',
  })

  // And the CLI sees the edge caught up.
  await waitFor(
    async () => {
      const edges = await fx.vergeJson<{
        Edges: Array<{ Name: string; Connected: boolean; RevisionsBehind: number }>
      }>('edges', 'list')
      const mine = edges.Edges.find((e) => e.Name === 'cli-edge')
      return mine?.Connected === true && mine.RevisionsBehind === 0
    },
    { timeoutMs: 10_000, intervalMs: 200, what: 'verge edges list shows the edge connected and caught up' },
  )
})
