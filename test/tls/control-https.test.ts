import assert from 'node:assert/strict'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent as HttpsAgent } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { CreateKeyValueStoreCommand, ListKeyValueStoresCommand } from '@aws-sdk/client-cloudfront'
import { Agent, request } from 'undici'
import { type ControlPlane, startControlPlane } from '../../src/control/control-plane.js'
import { type EdgeNode, startEdgeNode, syncChannel } from '../../src/edge/index.js'
import { FunctionLogShipper } from '../../src/edge/logs/log-shipper.js'
import { describeCertificateFailure } from '../../src/shared/index.js'
import { runCli } from '../cli/cli-process.js'
import { spawnVerge, stopAll } from '../e2e/processes.js'
import { createCloudFrontClient } from '../helpers/cloudfront-client.js'
import { TEST_CREDENTIALS } from '../helpers/control-plane.js'
import { createTestCa, type TestCa } from '../helpers/test-ca.js'
import { waitFor } from '../helpers/wait-for.js'

const EDGE_TOKEN = 'vet_tls-control-token'
let root: string
let ca: TestCa
let otherCa: TestCa
let cp: ControlPlane
let storeId: string

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'verge-tls-control-'))
  ca = await createTestCa(root, 'control-ca')
  otherCa = await createTestCa(root, 'other-ca')
  const leaf = await ca.issue(['127.0.0.1', 'localhost'], 'control')
  cp = await startControlPlane({
    dataDir: join(root, 'control'),
    credentials: TEST_CREDENTIALS,
    edgeToken: EDGE_TOKEN,
    tls: { cert: leaf.cert, key: leaf.key },
  })
})

after(async () => {
  await stopAll()
  await cp?.close()
  rmSync(root, { recursive: true, force: true })
})

test('control plane HTTPS: the AWS SDK, trusting the CA, creates and lists key value stores', async () => {
  assert.match(cp.url, /^https:\/\/127\.0\.0\.1:\d+$/)
  const httpsAgent = new HttpsAgent({ ca: ca.cert })
  const client = createCloudFrontClient({
    url: cp.url,
    credentials: TEST_CREDENTIALS,
    config: { requestHandler: { httpsAgent } },
  })
  try {
    const created = await client.send(new CreateKeyValueStoreCommand({ Name: 'over-tls' }))
    storeId = created.KeyValueStore?.Id ?? ''
    const listed = await client.send(new ListKeyValueStoresCommand({}))
    assert.deepEqual(
      listed.KeyValueStoreList?.Items?.map((s) => s.Name),
      ['over-tls'],
    )
  } finally {
    client.destroy()
    httpsAgent.destroy()
  }
})

test('control plane HTTPS: the console session cookie is Secure', async () => {
  const dispatcher = new Agent({ connect: { ca: ca.cert } })
  try {
    const response = await request(`${cp.url}/console/api/login`, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/json', origin: cp.url },
      body: JSON.stringify(TEST_CREDENTIALS),
    })
    await response.body.dump()
    assert.equal(response.statusCode, 200)
    assert.match(String(response.headers['set-cookie']), /verge_console_session=[^;]+;.*; Secure/)
  } finally {
    await dispatcher.close()
  }
})

/** The sync failures an edge publishes, from now on. */
function syncErrors(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = []
  const listener = (message: unknown) => {
    const { event, error } = message as { event: string; error?: unknown }
    if (event === 'error') errors.push(error)
  }
  subscribe(syncChannel.name, listener)
  return { errors, stop: () => unsubscribe(syncChannel.name, listener) }
}

test('edges over HTTPS: --ca syncs; the wrong CA is refused, says why, and the last data is served', async () => {
  const dataDir = join(root, 'edge')
  const options = { controlUrl: cp.url, token: EDGE_TOKEN, dataDir, persistDelayMs: 10 }
  let edge: EdgeNode = await startEdgeNode({ ...options, controlTrust: { ca: ca.cert } })
  try {
    await waitFor(() => edge.replica.keyValueStore(storeId) !== undefined, { what: 'the store over TLS' })
  } finally {
    await edge.close()
  }
  const seen = syncErrors()
  edge = await startEdgeNode({ ...options, controlTrust: { ca: otherCa.cert } })
  try {
    await waitFor(() => seen.errors.length > 0, { what: 'a refused handshake' })
    const message = describeCertificateFailure(seen.errors[0], cp.url, '--ca FILE')
    assert.match(
      message ?? String(seen.errors[0]),
      /is not trusted \(.+\): give the CA that signed it with --ca FILE/,
    )
    assert.equal(edge.connected, false)
    // What it had from before is still there to serve.
    assert.notEqual(edge.replica.keyValueStore(storeId), undefined)
  } finally {
    seen.stop()
    await edge.close()
  }
})

test('verge edge: a control plane whose certificate it does not trust is refused with the reason', async () => {
  const proc = spawnVerge([
    'edge',
    '--control',
    cp.url,
    '--token',
    EDGE_TOKEN,
    '--port',
    '0',
    '--workers',
    '1',
    '--data-dir',
    join(root, 'edge-process'),
    '--ca',
    otherCa.certFile,
  ])
  await proc.waitFor(/Edge:/)
  await waitFor(() => proc.stderr().includes('Refusing to sync'), { what: 'the refusal on stderr' })
  assert.match(
    proc.stderr(),
    /Refusing to sync: The TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted/,
  )
  assert.match(proc.stderr(), /--ca FILE \(VERGE_CA_FILE\)/)
  await proc.stop()
})

test('verge CLI: --ca trusts a private CA; without it the endpoint is refused with the reason', async () => {
  const env = {
    VERGE_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    VERGE_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  }
  const trusted = await runCli(['store', 'list', '--endpoint', cp.url, '--ca', ca.certFile, '-o', 'json'], {
    env,
  })
  assert.equal(trusted.code, 0, trusted.stderr)
  assert.match(trusted.stdout, /over-tls/)
  const untrusted = await runCli(['store', 'list', '--endpoint', cp.url], { env })
  assert.equal(untrusted.code, 1)
  assert.match(untrusted.stderr, /not trusted .*--ca FILE \(VERGE_CA_FILE\)/)
})

test('edges over HTTPS: function logs are shipped to the control plane trusting the same CA', async () => {
  const shipper = new FunctionLogShipper({
    controlUrl: cp.url,
    token: EDGE_TOKEN,
    edgeId: 'edge-tls-logs',
    edgeName: 'tls-logs',
    controlTrust: { ca: ca.cert },
    flushDelayMs: 10,
  })
  try {
    const entry = {
      requestId: 'req-over-tls',
      distributionId: 'E1TLS',
      functionArn: 'arn:aws:cloudfront::000000000000:function/tls-logger',
      eventType: 'viewer-request' as const,
      outcome: 'request',
      logs: ['over TLS'],
      computeUtilization: 1,
      time: Date.now(),
    }
    shipper.push([entry])
    const stored = await waitFor(() => cp.functionLogs.query({ functionName: 'tls-logger', limit: 10 })[0], {
      timeoutMs: 10_000,
      what: 'the entry over HTTPS',
    })
    assert.equal(stored.requestId, 'req-over-tls')
    assert.equal(shipper.failedPosts, 0)
    // verge function logs --follow streams over HTTPS, trusting the CA given with --ca.
    const follow = spawnVerge(
      ['function', 'logs', 'tls-logger', '--follow', '--endpoint', cp.url, '--ca', ca.certFile],
      {
        env: {
          VERGE_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
          VERGE_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        },
      },
    )
    try {
      let n = 0
      await waitFor(
        () => {
          shipper.push([{ ...entry, requestId: `req-followed-${n++}`, logs: ['followed over TLS'] }])
          return follow.stdout().includes('followed over TLS')
        },
        { timeoutMs: 15_000, intervalMs: 300, what: 'a followed line over HTTPS' },
      )
    } finally {
      await follow.stop('SIGINT')
    }
  } finally {
    await shipper.stop()
  }
})
