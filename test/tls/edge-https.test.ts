import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { CreateDistributionCommand, type DistributionConfig } from '@aws-sdk/client-cloudfront'
import { type ControlPlane, startControlPlane } from '../../src/control/control-plane.js'
import { EDGE_DEFAULT_CERT_FILE, type RunningEdge, startEdge } from '../../src/edge/index.js'
import { startOrigin, type TestOrigin } from '../edge/fixture.js'
import { createCloudFrontClient } from '../helpers/cloudfront-client.js'
import { createLiveFunction, distributionConfig } from '../helpers/cloudfront-fixtures.js'
import { TEST_CREDENTIALS } from '../helpers/control-plane.js'
import { createTestCa, curl, type TestCa } from '../helpers/test-ca.js'
import { waitFor } from '../helpers/wait-for.js'

const EDGE_TOKEN = 'vet_tls-edge-token'
// What a viewer-request function sees of the scheme, answered as the body.
const SCHEME_CODE = `function handler(event) {
  var proto = event.request.headers['cloudfront-forwarded-proto']
  return { statusCode: 200, body: 'scheme ' + (proto ? proto.value : 'none') }
}`

let root: string
let ca: TestCa
let origin: TestOrigin
let cp: ControlPlane
let edge: RunningEdge

async function createDistribution(
  client: ReturnType<typeof createCloudFrontClient>,
  alias: string,
  policy: 'allow-all' | 'https-only' | 'redirect-to-https',
  functionArn?: string,
): Promise<void> {
  const base = distributionConfig(`ref-${alias}`, {}, functionArn)
  const config: DistributionConfig = {
    ...base,
    Aliases: { Quantity: 1, Items: [alias] },
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: 'app',
          DomainName: '127.0.0.1',
          OriginPath: '',
          CustomOriginConfig: { HTTPPort: origin.port, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
        },
      ],
    },
    DefaultCacheBehavior: {
      ...base.DefaultCacheBehavior!,
      ViewerProtocolPolicy: policy,
      MinTTL: 0,
      DefaultTTL: 0,
    },
  }
  await client.send(new CreateDistributionCommand({ DistributionConfig: config }))
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'verge-tls-edge-'))
  ca = await createTestCa(root)
  origin = await startOrigin()
  cp = await startControlPlane({
    dataDir: join(root, 'control'),
    credentials: TEST_CREDENTIALS,
    edgeToken: EDGE_TOKEN,
  })
  const client = createCloudFrontClient({ url: cp.url, credentials: TEST_CREDENTIALS })
  try {
    const fn = await createLiveFunction(client, 'scheme', SCHEME_CODE)
    await createDistribution(client, 'open.verge.test', 'allow-all')
    await createDistribution(client, 'redirect.verge.test', 'redirect-to-https')
    await createDistribution(client, 'secure.verge.test', 'https-only')
    await createDistribution(client, 'scheme.verge.test', 'allow-all', fn.arn)
  } finally {
    client.destroy()
  }
  const leaf = await issueFor(['*.verge.test'], 'edge')
  edge = await startEdge({
    controlUrl: cp.url,
    token: EDGE_TOKEN,
    dataDir: join(root, 'edge'),
    workers: 1,
    httpsPort: 0,
    tls: leaf,
  })
  await waitFor(() => edge.revision >= cp.feed.latest, { what: 'the edge to catch up' })
})

after(async () => {
  await edge?.close()
  await cp?.close()
  await origin?.close()
  rmSync(root, { recursive: true, force: true })
})

async function issueFor(names: string[], file: string) {
  const issued = await ca.issue(names, file)
  return { cert: issued.cert, key: issued.key }
}

/** curl to `host` on the edge's port for `scheme`, trusting only the test CA. */
function viewer(scheme: 'http' | 'https', host: string, path: string, extra: string[] = []) {
  const port = scheme === 'https' ? edge.httpsPort : edge.port
  return curl(`${scheme}://${host}:${port}${path}`, [
    '--resolve',
    `${host}:${port}:127.0.0.1`,
    '--cacert',
    ca.certFile,
    ...extra,
  ])
}

test('edge HTTPS: curl gets the content over HTTP/2 and HTTP/1.1, verified against the CA', async () => {
  const h2 = await viewer('https', 'open.verge.test', '/h2', ['--http2'])
  assert.equal(h2.exitCode, 0, h2.stderr)
  assert.equal(h2.httpVersion, '2')
  assert.equal(h2.status, 200)
  assert.equal(h2.body, 'origin saw /h2')
  assert.match(h2.headers.via ?? '', /verge/)
  const h1 = await viewer('https', 'open.verge.test', '/h1', ['--http1.1'])
  assert.equal(h1.exitCode, 0, h1.stderr)
  assert.equal(h1.httpVersion, '1.1')
  assert.equal(h1.body, 'origin saw /h1')
  assert.equal(origin.requests.find((r) => r.url === '/h2')?.headers['x-forwarded-proto'], 'https')
  assert.equal(origin.requests.find((r) => r.url === '/h1')?.headers['x-forwarded-proto'], 'https')
})

test('edge HTTPS: allow-all serves plain HTTP too, and the origin is told it was http', async () => {
  const plain = await viewer('http', 'open.verge.test', '/plain', ['-H', 'X-Forwarded-Proto: https'])
  assert.equal(plain.status, 200)
  assert.equal(plain.body, 'origin saw /plain')
  assert.equal(origin.requests.find((r) => r.url === '/plain')?.headers['x-forwarded-proto'], 'http')
})

test("ViewerProtocolPolicy redirect-to-https: plain HTTP gets a 301 to the edge's HTTPS port", async () => {
  const redirect = await viewer('http', 'redirect.verge.test', '/page?x=1')
  assert.equal(redirect.status, 301)
  const location = `https://redirect.verge.test:${edge.httpsPort}/page?x=1`
  assert.equal(redirect.headers.location, location)
  const followed = await viewer('https', 'redirect.verge.test', '/page', ['--http2'])
  assert.equal(followed.status, 200)
  assert.equal(followed.body, 'origin saw /page')
})

test('ViewerProtocolPolicy https-only: plain HTTP gets a 403, HTTPS the content', async () => {
  const refused = await viewer('http', 'secure.verge.test', '/s')
  assert.equal(refused.status, 403)
  assert.equal(
    origin.requests.some((r) => r.url === '/s'),
    false,
  )
  const served = await viewer('https', 'secure.verge.test', '/s')
  assert.equal(served.status, 200)
  assert.equal(served.body, 'origin saw /s')
})

test("edge HTTPS: a function sees the viewer's real scheme, whatever the viewer claims", async () => {
  const claim = ['-H', 'CloudFront-Forwarded-Proto: https']
  assert.equal((await viewer('http', 'scheme.verge.test', '/', claim)).body, 'scheme http')
  assert.equal((await viewer('https', 'scheme.verge.test', '/', ['--http2'])).body, 'scheme https')
})

test('edge HTTPS: without --tls-cert the edge makes a self-signed certificate and keeps it', async () => {
  const dataDir = join(root, 'self-signed')
  const options = { controlUrl: cp.url, token: EDGE_TOKEN, dataDir, workers: 1, httpsPort: 0 }
  let own = await startEdge(options)
  const certFile = join(dataDir, EDGE_DEFAULT_CERT_FILE)
  let first: string
  try {
    first = readFileSync(certFile, 'utf8')
    const port = own.httpsPort
    const answer = await curl(`https://localhost:${port}/self`, [
      '-H',
      'Host: open.verge.test',
      '--cacert',
      certFile,
    ])
    assert.equal(answer.exitCode, 0, answer.stderr)
    // No distribution has been received for sure; any answer over verified TLS will do.
    assert.ok(answer.status > 0)
  } finally {
    await own.close()
  }
  own = await startEdge(options)
  try {
    assert.equal(readFileSync(certFile, 'utf8'), first, 'a restart presents the same certificate')
  } finally {
    await own.close()
  }
})
