import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { Client } from 'undici'
import { type RunningEdge, startEdge } from '../../src/edge/index.js'
import { BATCH_EDGE_TOKEN, type BatchStore, startBatchStore } from '../helpers/batch-store.js'
import { waitFor } from '../helpers/wait-for.js'

let root: string
let fx: BatchStore
let edge: RunningEdge

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'verge-replica-workers-'))
  fx = await startBatchStore(root)
  edge = await startEdge({
    controlUrl: fx.cp.url,
    token: BATCH_EDGE_TOKEN,
    dataDir: join(root, 'edge'),
    workers: 2,
    defaultDistributionId: fx.distributionId,
  })
})

after(async () => {
  await edge.close()
  await fx.cp.close()
  rmSync(root, { recursive: true, force: true })
})

async function get(client: Client): Promise<string> {
  const response = await client.request({ method: 'GET', path: '/' })
  return response.body.text()
}

test('replica: every worker reading the shared replica serves a change at the revision the edge reports', async () => {
  assert.equal(edge.workerPids.length, 2)
  // Two keep-alive connections, handed to the workers in turn: one on each.
  const clients = [new Client(edge.url), new Client(edge.url)]
  try {
    await waitFor(async () => (await get(clients[0]!)) === `b${fx.batches}`, { what: 'the first batch' })
    assert.equal(await get(clients[1]!), `b${fx.batches}`)
    for (let round = 0; round < 20; round++) {
      // Every fourth change replaces the whole store (4 MB): a large change reaches every worker
      // as soon as a small one does.
      const revision = round % 4 === 3 ? await fx.importBatch(4000) : await fx.writeBatch()
      await waitFor(() => edge.revision >= revision, { what: `revision ${revision} applied` })
      // Once the edge has the revision, no worker serves an older one, and none a mixture.
      const answers = await Promise.all(clients.map(get))
      assert.deepEqual(answers, [`b${fx.batchFor(edge.revision)}`, `b${fx.batchFor(edge.revision)}`])
    }
  } finally {
    await Promise.all(clients.map((client) => client.close()))
  }
})
