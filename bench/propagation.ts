/**
 * Propagation benchmark: one control plane, N edge processes, PutKeys at a steady rate through
 * the AWS SDK. For each PutKey: the time from its acknowledgement (the SDK call returned) to
 * the moment every edge has applied it (the last edge's ack reached the control plane).
 *
 *   npm run build && node dist/bench/propagation.js [edges=20] [putKeys=1000] [perSecond=50]
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { subscribe } from 'node:diagnostics_channel'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { PutKeyCommand } from '@aws-sdk/client-cloudfront-keyvaluestore'
import { startControlPlane } from '../src/control/control-plane.js'
import { edgeAckChannel } from '../src/control/feed/edge-registry.js'
import { createKvsClient } from '../test/helpers/kvs-client.js'

const edgeCount = Number(process.argv[2] ?? 20)
const putKeys = Number(process.argv[3] ?? 1000)
const perSecond = Number(process.argv[4] ?? 50)
const root = mkdtempSync(path.join(os.tmpdir(), 'verge-propagation-'))
const edgeScript = fileURLToPath(new URL('./propagation-edge.js', import.meta.url))

const cp = await startControlPlane({ dataDir: path.join(root, 'control'), edgeToken: 'vet_bench' })
const children: ChildProcess[] = []
try {
  const store = await cp.keyValueStores.createKeyValueStore({ name: 'bench' })
  await Promise.all(
    Array.from({ length: edgeCount }, (_, i) => {
      const child = spawn(
        process.execPath,
        [edgeScript, cp.url, 'vet_bench', path.join(root, `edge-${i}`), `edge-${i}`],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      )
      children.push(child)
      return new Promise<void>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`edge ${i} exited with ${code}`)))
        createInterface({ input: child.stdout! }).once('line', () => resolve())
      })
    }),
  )

  // revision → when the SDK call returned, and which edges have applied it so far.
  const acknowledged = new Map<number, number>()
  const applied = new Map<string, number>()
  const done = new Map<number, number>()
  subscribe(edgeAckChannel.name, (message) => {
    const { id, revision, at } = message as { id: string; revision: number; at: number }
    applied.set(id, Math.max(applied.get(id) ?? 0, revision))
    if (applied.size < edgeCount) return
    const floor = Math.min(...applied.values())
    for (const [rev] of acknowledged) if (rev <= floor && !done.has(rev)) done.set(rev, at)
  })

  const client = createKvsClient({ url: cp.url, credentials: { ...cp.credentials } })
  let etag = store.dataEtag
  const interval = 1000 / perSecond
  const start = Date.now()
  for (let i = 0; i < putKeys; i++) {
    const due = start + i * interval
    const wait = due - Date.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    const result = await client.send(
      new PutKeyCommand({ KvsARN: store.arn, Key: `key-${i % 100}`, Value: `value-${i}`, IfMatch: etag }),
    )
    const at = Date.now()
    etag = result.ETag ?? etag
    // One writer, sequential writes: the newest revision is this PutKey's.
    acknowledged.set(await cp.state.latestRevision(), at)
  }
  const deadline = Date.now() + 10_000
  while (done.size < acknowledged.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  client.destroy()

  const latencies = [...acknowledged]
    .map(([rev, at]) => (done.get(rev) ?? Number.POSITIVE_INFINITY) - at)
    .sort((a, b) => a - b)
  const pick = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN
  const cpus = os.cpus()
  console.log(`machine: ${cpus[0]?.model ?? 'unknown'} x${cpus.length}, node ${process.version}`)
  console.log(`${edgeCount} edge processes, ${putKeys} PutKeys at ${perSecond}/s through the AWS SDK`)
  console.table({
    'PutKey acknowledged → applied on all edges': {
      'p50 ms': pick(0.5).toFixed(1),
      'p99 ms': pick(0.99).toFixed(1),
      'max ms': pick(1).toFixed(1),
      missing: latencies.filter((x) => !Number.isFinite(x)).length,
    },
  })
} finally {
  for (const child of children) child.kill('SIGTERM')
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve))),
    ),
  )
  await cp.close()
  rmSync(root, { recursive: true, force: true })
}
