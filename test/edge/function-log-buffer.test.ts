import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FunctionLogShipper } from '../../src/edge/logs/log-shipper.js'
import type { FunctionLogRecord } from '../../src/sync/index.js'
import { startTestControlPlane } from '../helpers/control-plane.js'
import { freePort } from '../helpers/free-port.js'
import { sampleSum, scrape } from '../helpers/prometheus.js'
import { waitFor } from '../helpers/wait-for.js'

const TOKEN = 'vet_log-buffer-test-token'
const ARN = 'arn:aws:cloudfront::000000000000:function/buffered'

function entry(n: number): FunctionLogRecord {
  return {
    requestId: `req-${n}`,
    distributionId: 'E1BUFFER',
    functionArn: ARN,
    eventType: 'viewer-request',
    outcome: 'request',
    logs: [`line ${n}`],
    computeUtilization: 3,
    time: Date.now(),
  }
}

test('function log buffer: while the control plane is down the oldest entries are dropped and counted; the rest arrive when it returns', async () => {
  const port = await freePort()
  const dropped: number[] = []
  const shipper = new FunctionLogShipper({
    controlUrl: `http://127.0.0.1:${port}`,
    token: TOKEN,
    edgeId: 'edge-buffer-test',
    edgeName: 'buffer-test',
    maxEntries: 5,
    flushDelayMs: 10,
    minBackoffMs: 20,
    maxBackoffMs: 100,
    onDropped: (count) => dropped.push(count),
  })
  let cp: Awaited<ReturnType<typeof startTestControlPlane>> | undefined
  try {
    shipper.push([1, 2, 3].map(entry))
    // A post fails against the closed port: the entries stay buffered.
    await waitFor(() => shipper.failedPosts >= 1, { what: 'a failed post' })
    assert.equal(shipper.buffered, 3)
    assert.deepEqual(dropped, [])
    shipper.push([4, 5, 6, 7, 8].map(entry))
    assert.equal(shipper.buffered, 5)
    assert.equal(shipper.dropped, 3)
    assert.deepEqual(dropped, [3])

    cp = await startTestControlPlane({ port, edgeToken: TOKEN })
    const logs = cp.controlPlane.functionLogs
    const stored = await waitFor(
      () => {
        const found = logs.query({ functionName: 'buffered', limit: 100 })
        return found.length === 5 ? found : undefined
      },
      { timeoutMs: 10_000, what: 'the buffered entries to arrive' },
    )
    assert.deepEqual(
      stored.map((e) => e.requestId),
      ['req-4', 'req-5', 'req-6', 'req-7', 'req-8'],
    )
    assert.equal(shipper.buffered, 0)
    const control = await scrape(`${cp.controlPlane.url}/metrics`)
    assert.equal(
      sampleSum(control, 'verge_control_function_logs_dropped_total', { edge: 'edge-buffer-test' }),
      3,
    )
    assert.equal(
      sampleSum(control, 'verge_control_function_logs_ingested_total', { edge: 'edge-buffer-test' }),
      5,
    )
  } finally {
    await shipper.stop()
    await cp?.stop()
  }
})
