import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { after, before, test } from 'node:test'
import { startEdge } from '../../src/edge/index.js'
import { openReplica } from '../../src/edge/replication/replica-open.js'
import { BATCH_EDGE_TOKEN, type BatchStore, startBatchStore } from '../helpers/batch-store.js'
import { VERGE_MAIN } from '../helpers/control-process.js'
import { waitFor } from '../helpers/wait-for.js'

let root: string
let fx: BatchStore

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'verge-replica-crash-'))
  fx = await startBatchStore(root)
})

after(async () => {
  await fx.cp.close()
  rmSync(root, { recursive: true, force: true })
})

/** `verge edge --workers 2` in a process group of its own; resolves once it listens. */
async function spawnEdge(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [VERGE_MAIN, 'edge'], {
    env: {
      ...process.env,
      VERGE_CONTROL_URL: fx.cp.url,
      VERGE_EDGE_TOKEN: BATCH_EDGE_TOKEN,
      VERGE_EDGE_PORT: '0',
      VERGE_EDGE_DATA_DIR: dataDir,
      VERGE_EDGE_WORKERS: '2',
      VERGE_DEFAULT_DISTRIBUTION: fx.distributionId,
    },
    stdio: ['ignore', 'pipe', 'ignore'],
    detached: true,
  })
  const exited = once(child, 'exit')
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^\s*Edge:\s+(http\S+)/.exec(line)
      if (match?.[1] !== undefined) resolve(match[1])
    })
    void exited.then(() => reject(new Error('The edge exited before listening.')))
  })
  return { child, url }
}

/** SIGKILL of the edge's whole process group (its primary and workers), as an OOM kill does. */
async function killGroup(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit')
  process.kill(-(child.pid ?? 0), 'SIGKILL')
  await exited
}

test('replica: kill -9 during a write burst leaves a replica at one revision, which a restart with the control plane down serves at once', async () => {
  const dataDir = join(root, 'edge')
  let held = 0
  for (let round = 0; round < 3; round++) {
    const edge = await spawnEdge(dataDir)
    try {
      await waitFor(async () => (await fetch(edge.url)).status === 200, { what: 'the edge to serve' })
      // Writes go on while the edge applies them; it is killed after a few, mid-stream.
      const burst = (async () => {
        for (let i = 0; i < 12; i++) await fx.writeBatch()
      })()
      const target = fx.batches + 4 + round
      await waitFor(() => fx.batches >= target, { what: 'a few batches written' })
      await killGroup(edge.child)
      await burst
    } finally {
      if (edge.child.exitCode === null && edge.child.signalCode === null) await killGroup(edge.child)
    }
    // What the next start will find: the whole of one batch, the one of its revision.
    const replica = openReplica(dataDir)
    try {
      const snapshot = replica.toSnapshot()
      const entries = new Map(snapshot.keyValueStores[0]?.entries)
      const values = new Set(fx.keys.map((key) => entries.get(key)))
      assert.deepEqual([...values], [`b${fx.batchFor(replica.revision)}`], `round ${round}: one batch`)
      assert.ok(replica.revision >= held, 'never behind what an earlier round held')
      held = replica.revision
    } finally {
      replica.close()
    }
  }
  // The control plane is away: the edge serves the replica's batch on its first request.
  const edge = await startEdge({
    controlUrl: 'http://127.0.0.1:9',
    token: BATCH_EDGE_TOKEN,
    dataDir,
    workers: 1,
    defaultDistributionId: fx.distributionId,
  })
  try {
    assert.equal(edge.revision, held)
    assert.equal(await (await fetch(edge.url)).text(), `b${fx.batchFor(held)}`)
  } finally {
    await edge.close()
  }
})
