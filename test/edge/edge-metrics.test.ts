import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { type DemoOrigin, startDemoOrigin } from '../../src/cli/demo/demo-origin.js'
import { type RunningEdge, startEdge } from '../../src/edge/index.js'
import { addFunctionBehavior, createDemoWithSdk, type SdkClients } from '../e2e/demo-sdk.js'
import { httpGet } from '../e2e/processes.js'
import { createCloudFrontClient } from '../helpers/cloudfront-client.js'
import { startTestControlPlane, TEST_CREDENTIALS, type TestControlPlane } from '../helpers/control-plane.js'
import { createKvsClient } from '../helpers/kvs-client.js'
import { type Scrape, sampleSum, scrape } from '../helpers/prometheus.js'
import { waitFor } from '../helpers/wait-for.js'

// Logs every request and sends it to the demo origin's blog-v1; throws on /obs/boom (503).
const LOGGER = `function handler(event) {
  console.log('obs saw ' + event.request.uri);
  if (event.request.uri === '/obs/boom') throw new Error('boom');
  event.request.uri = '/blog-v1' + event.request.uri;
  return event.request;
}`

let cp: TestControlPlane
let origin: DemoOrigin
let sdk: SdkClients
let edge: RunningEdge
let dataDir: string
let distributionId: string

before(async () => {
  cp = await startTestControlPlane()
  origin = await startDemoOrigin()
  const url = cp.controlPlane.url
  sdk = {
    cloudFront: createCloudFrontClient({ url, credentials: TEST_CREDENTIALS }),
    kvs: createKvsClient({ url, credentials: TEST_CREDENTIALS }),
  }
  distributionId = (await createDemoWithSdk(sdk, origin.port)).distributionId
  await addFunctionBehavior(sdk.cloudFront, distributionId, {
    name: 'obs-logger',
    code: LOGGER,
    pathPattern: '/obs/*',
  })
  dataDir = mkdtempSync(join(tmpdir(), 'verge-edge-metrics-'))
  edge = await startEdge({
    controlUrl: url,
    token: cp.controlPlane.edgeToken,
    dataDir,
    workers: 2,
    metricsPort: 0,
    defaultDistributionId: distributionId,
  })
  await waitFor(() => edge.revision >= cp.controlPlane.feed.latest, { timeoutMs: 20_000, what: 'the edge' })
})

after(async () => {
  await edge?.close()
  sdk?.cloudFront.destroy()
  sdk?.kvs.destroy()
  await origin?.close()
  await cp?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

const OK = 12
const FAILED = 3

/** What both scrapes say, to compare before and after the traffic. */
function reading(edgeMetrics: Scrape | undefined, control: Scrape) {
  const fn = { function: 'obs-logger', event_type: 'viewer-request' }
  return {
    ok: sampleSum(edgeMetrics, 'verge_edge_viewer_requests_total', {
      distribution: distributionId,
      status_class: '2xx',
    }),
    failed: sampleSum(edgeMetrics, 'verge_edge_viewer_requests_total', {
      distribution: distributionId,
      status_class: '5xx',
    }),
    durations: sampleSum(edgeMetrics, 'verge_edge_viewer_request_duration_seconds', {
      distribution: distributionId,
    }),
    invocations: sampleSum(edgeMetrics, 'verge_edge_function_invocations_total', fn),
    errors: sampleSum(edgeMetrics, 'verge_edge_function_execution_errors_total', fn),
    utilization: sampleSum(edgeMetrics, 'verge_edge_function_compute_utilization_percent', fn),
    originFetches: sampleSum(edgeMetrics, 'verge_edge_origin_fetches_total', {
      distribution: distributionId,
    }),
    kvsReads: sampleSum(edgeMetrics, 'verge_edge_kvs_reads_total'),
    ingested: sampleSum(control, 'verge_control_function_logs_ingested_total', { edge: edge.id }),
  }
}

test('metrics: both /metrics move by exactly the requests, invocations and errors sent, summed over two workers', async () => {
  assert.equal(edge.workerPids.length, 2)
  const edgeUrl = edge.metricsUrl
  assert.ok(edgeUrl)
  const controlUrl = `${cp.controlPlane.url}/metrics`
  const before = reading(await scrape(edgeUrl), await scrape(controlUrl))

  // A new connection each: the primary hands them to the two workers in turn.
  for (let i = 0; i < OK; i++) assert.equal((await httpGet(`${edge.url}/obs/page-${i}`)).status, 200)
  for (let i = 0; i < FAILED; i++) assert.equal((await httpGet(`${edge.url}/obs/boom`)).status, 503)
  // The demo's key-echo function reads key "hello" of the demo store.
  assert.equal((await httpGet(`${edge.url}/hello`)).status, 200)

  // Every logged invocation reaches the control plane shortly after.
  const control = await waitFor(
    async () => {
      const families = await scrape(controlUrl)
      return reading(undefined, families).ingested - before.ingested >= OK + FAILED ? families : undefined
    },
    { timeoutMs: 10_000, what: 'the logs to be ingested' },
  )
  const edgeFamilies = await scrape(edgeUrl)
  const now = reading(edgeFamilies, control)
  assert.equal(now.ok - before.ok, OK + 1)
  assert.equal(now.failed - before.failed, FAILED)
  assert.equal(now.durations - before.durations, OK + FAILED + 1)
  assert.equal(now.invocations - before.invocations, OK + FAILED)
  assert.equal(now.errors - before.errors, FAILED)
  assert.equal(now.utilization - before.utilization, OK + FAILED)
  assert.equal(now.originFetches - before.originFetches, OK)
  assert.ok(now.kvsReads - before.kvsReads >= 1)
  assert.equal(now.ingested - before.ingested, OK + FAILED)

  assert.equal(sampleSum(edgeFamilies, 'verge_edge_applied_revision'), edge.revision)
  assert.equal(sampleSum(edgeFamilies, 'verge_edge_control_plane_connected'), 1)
  // Functions load on their first request, in the worker that got it: obs-logger in one or both
  // workers (the primary hands connections to the workers ready for them), key-echo in one.
  const loaded = sampleSum(edgeFamilies, 'verge_edge_functions_loaded')
  assert.ok(loaded >= 2 && loaded <= 3, `functions loaded: ${loaded}`)
  assert.ok(sampleSum(edgeFamilies, 'verge_edge_functions_memory_bytes') > 0)
  assert.equal(sampleSum(control, 'verge_control_change_log_revision'), cp.controlPlane.feed.latest)
  assert.equal(sampleSum(control, 'verge_control_edges_connected'), 1)
  assert.ok(
    sampleSum(control, 'verge_control_api_requests_total', {
      api: '2020-05-31',
      operation: 'POST function',
      status: '201',
    }) >= 1,
  )
})
