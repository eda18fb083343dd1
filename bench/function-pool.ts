/**
 * What published functions cost an edge that does not run them (issue 13, "Functions loaded on
 * demand"): one control plane (the demo seed) and `verge edge --workers 2`, its RSS (all its
 * processes) with the seed's two functions, then a fresh edge after 50 more functions are
 * published that no distribution uses. Also the first `/hello` after the edge has caught up
 * (a cold load where functions load on demand) against the warm median. Only public interfaces:
 * the `verge` CLI's processes, the AWS APIs, the admin API's edges view and HTTP to the edge.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/function-pool.js [--unused N] [--repo DIR]...
 *
 * `--repo DIR` runs the `verge` built in another checkout (build it first); each tree prints
 * one row. Default: this checkout.
 */
import { parseArgs } from 'node:util'
import { CreateFunctionCommand, PublishFunctionCommand } from '@aws-sdk/client-cloudfront'
import type { Clients } from '../src/cli/clients.js'
import { builtCheckouts, stopAllOnSignals, treeLabel } from './bench-checkouts.js'
import { BenchCluster } from './edge-scale-cluster.js'
import { getText, untilCaughtUp } from './edge-scale-load.js'
import { makeTempDir, removeTempDir, sleep, stopAll, stopVerge, treeRss } from './edge-scale-processes.js'
import { MiB, machineLine, median, mib } from './edge-scale-report.js'
import { demoDistributionId } from './edge-scale-setup.js'

const SYNC_TIMEOUT_MS = 120_000

interface EdgeFigures {
  rss: number
  processes: number[]
  /** The first `/hello` once the edge has caught up, and the median of the next 20. */
  firstHelloMs: number
  warmHelloMs: number
}

async function timedHello(url: string): Promise<number> {
  const start = performance.now()
  const response = await getText(url)
  if (response?.status !== 200) throw new Error(`${url}: ${response?.status ?? 'no answer'}`)
  return performance.now() - start
}

/** A fresh edge: spawn, caught up, `/hello` served, idle 3 s, then its RSS; stopped after. */
async function measureEdge(cluster: BenchCluster, name: string): Promise<EdgeFigures> {
  const spec = await cluster.edgeSpec(name)
  const edge = cluster.spawnEdge(spec)
  try {
    await edge.waitForLine(/Edge:\s+http/, SYNC_TIMEOUT_MS)
    await untilCaughtUp(cluster.admin!, name, SYNC_TIMEOUT_MS)
    const url = cluster.edgeUrl(spec, '/hello')
    const firstHelloMs = await timedHello(url)
    const warm: number[] = []
    for (let i = 0; i < 21; i++) warm.push(await timedHello(url))
    await sleep(3_000)
    const rss = treeRss(edge.pid)
    return { rss: rss.total, processes: rss.each, firstHelloMs, warmHelloMs: median(warm) }
  } finally {
    await stopVerge(edge)
  }
}

/** Publishes `count` functions that no distribution uses (a store takes at most 10, so none has one). */
async function publishUnused(clients: Clients, count: number): Promise<void> {
  for (let n = 0; n < count; n++) {
    const code = `function handler(event) {
  event.request.headers['x-unused-${n}'] = { value: 'yes' };
  return event.request;
}`
    const created = await clients.cloudFront.send(
      new CreateFunctionCommand({
        Name: `unused-${n}`,
        FunctionConfig: { Comment: 'function-pool bench', Runtime: 'cloudfront-js-2.0' },
        FunctionCode: Buffer.from(code),
      }),
    )
    await clients.cloudFront.send(new PublishFunctionCommand({ Name: `unused-${n}`, IfMatch: created.ETag }))
  }
}

async function runTree(repo: string, unused: number): Promise<string[]> {
  const root = makeTempDir('verge-function-pool-')
  const cluster = new BenchCluster(repo, root)
  try {
    await cluster.seedAndStartControl()
    const clients = cluster.clients!
    cluster.distributionId = await demoDistributionId(clients)
    const seedOnly = await measureEdge(cluster, 'seed-only')
    await publishUnused(clients, unused)
    const withUnused = await measureEdge(cluster, 'with-unused')
    const row = (label: string, f: EdgeFigures) =>
      `| ${treeLabel(repo)} | ${label} | ${mib(f.rss)} (${f.processes.map((b) => Math.round(b / MiB)).join(' + ')}) | ${f.firstHelloMs.toFixed(1)} ms | ${f.warmHelloMs.toFixed(1)} ms |`
    const perFunction = (withUnused.rss - seedOnly.rss) / unused
    return [
      row("the seed's 2 functions", seedOnly),
      row(`+ ${unused} unused`, withUnused),
      `| ${treeLabel(repo)} | per unused function | ${mib(perFunction)} | | |`,
    ]
  } finally {
    await stopAll()
    cluster.close()
    removeTempDir(root)
  }
}

const { values } = parseArgs({
  options: { unused: { type: 'string', default: '50' }, repo: { type: 'string', multiple: true } },
})
const unused = Number(values.unused)
if (!Number.isInteger(unused) || unused < 1) throw new Error(`--unused must be a whole number ≥ 1`)
const repos = builtCheckouts(values.repo)
stopAllOnSignals()

const lines = [
  '| tree | published | edge RSS, all processes (MiB each) | first `/hello` after sync | warm `/hello` (median) |',
  '|---|---|---|---|---|',
]
for (const repo of repos) lines.push(...(await runTree(repo, unused)))
console.log(machineLine())
console.log(`verge edge --workers 2, default --function-memory-mb where the tree has it`)
console.log('')
console.log(lines.join('\n'))
