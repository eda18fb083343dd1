/**
 * The edge at full scale (issue 13): one control plane and one `verge edge --workers 2`, the
 * default quotas' 100 published functions and 50 stores of 5 MB, then the five figures: the
 * edge's RSS, `/hello` latency while keys are written, a restart with the control plane down, a
 * fresh edge joining, and kill -9 during writes. Only public interfaces: the `verge` CLI's
 * processes, the AWS APIs, the admin API's edges view and HTTP to the edge.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/edge-scale.js [--scale small|full] [--repo DIR]...
 *
 * `--repo DIR` runs the `verge` built in another checkout (`DIR/dist/src/cli/main.js`; build it
 * first); several print one table with a column per tree. Default: this checkout.
 */
import { parseArgs } from 'node:util'
import { builtCheckouts, stopAllOnSignals, treeLabel } from './bench-checkouts.js'
import { BenchCluster } from './edge-scale-cluster.js'
import { KeyWriter } from './edge-scale-load.js'
import {
  type Figures,
  firstStartAndRss,
  freshEdgeJoins,
  killsDuringWrites,
  latencyUnderWrites,
  type PointContext,
  restartWithControlDown,
} from './edge-scale-points.js'
import { makeTempDir, removeTempDir, stopAll, stopVerge } from './edge-scale-processes.js'
import { MiB, machineLine, mib, renderTable, type TreeResult } from './edge-scale-report.js'
import {
  addCheckBehavior,
  createDataStores,
  createFunctions,
  demoDistributionId,
  fillDemoStore,
} from './edge-scale-setup.js'

const SCALES = {
  small: { stores: 10, storeBytes: 1024 * 1024, functions: 20, writeSeconds: 10, kills: 3 },
  full: { stores: 50, storeBytes: 5 * 1024 * 1024, functions: 100, writeSeconds: 30, kills: 10 },
} as const
type Scale = (typeof SCALES)[keyof typeof SCALES]

/** The seed's two functions and the consistency check are among the published ones. */
const SEED_AND_CHECK_FUNCTIONS = 3

async function runTree(repo: string, scale: Scale, result: TreeResult): Promise<void> {
  const root = makeTempDir('verge-edge-scale-')
  const cluster = new BenchCluster(repo, root)
  const figures: Figures = result.figures
  try {
    await cluster.seedAndStartControl()
    const clients = cluster.clients!
    // The quota counts the demo store: 49 imported, and the demo filled to the same size.
    const imported = await createDataStores(clients, cluster.importDir, scale.stores - 1, scale.storeBytes)
    const demo = await fillDemoStore(clients, scale.stores - 1, scale.storeBytes)
    const stores = [...imported.stores, demo.store]
    const dataBytes = imported.dataBytes + demo.dataBytes
    figures.data = {
      text: `${mib(dataBytes)} (${scale.stores} stores: ${scale.stores - 1} imported, the demo's filled by UpdateKeys)`,
    }
    const checkArn = await createFunctions(
      clients,
      stores,
      demo.store.arn,
      scale.functions - SEED_AND_CHECK_FUNCTIONS,
    )
    figures.functions = {
      text: `${scale.functions} (the seed's 2, the check, ${scale.functions - 3} unused)`,
    }
    cluster.distributionId = await demoDistributionId(clients)
    await addCheckBehavior(clients, cluster.distributionId, checkArn)
    const writer = new KeyWriter(clients)
    await writer.writeBatch(demo.store.arn, 0)
    const spec = await cluster.edgeSpec('bench-edge')
    const ctx: PointContext = {
      cluster,
      writer,
      stores: imported.stores,
      dataBytes,
      demoStoreArn: demo.store.arn,
      spec,
      figures,
      batch: 0,
      // Replaced by the first start.
      edge: undefined as never,
    }
    const step = async (name: string, run: () => Promise<Figures>) => {
      process.stderr.write(`[${result.label}] ${name}…\n`)
      Object.assign(figures, await run())
    }
    await step('first start and RSS', () => firstStartAndRss(ctx))
    let lastHello = ''
    await step('latency while writing', async () => {
      const { lastHello: last, ...rest } = await latencyUnderWrites(ctx, scale.writeSeconds)
      lastHello = last
      return rest
    })
    await step('restart with the control plane down', () => restartWithControlDown(ctx, lastHello))
    await step('a fresh edge joins', () => freshEdgeJoins(ctx))
    await step('kill -9 during writes', () => killsDuringWrites(ctx, scale.kills))
    await stopVerge(ctx.edge)
  } catch (error) {
    result.error = (error as Error).message
  } finally {
    await stopAll()
    cluster.close()
    removeTempDir(root)
  }
}

const { values } = parseArgs({
  options: { scale: { type: 'string', default: 'small' }, repo: { type: 'string', multiple: true } },
})
const scale = SCALES[values.scale as keyof typeof SCALES]
if (scale === undefined) throw new Error(`--scale must be small or full, not ${values.scale}`)
const repos = builtCheckouts(values.repo)
stopAllOnSignals()
process.on('unhandledRejection', (error) => {
  process.stderr.write(`edge-scale: ${(error as Error)?.stack ?? String(error)}\n`)
  process.exit(1)
})

const results: TreeResult[] = []
for (const repo of repos) {
  const result: TreeResult = { label: treeLabel(repo), figures: {} }
  results.push(result)
  await runTree(repo, scale, result)
}
const dataBytes = scale.stores * scale.storeBytes
console.log(machineLine())
console.log(
  `scale ${values.scale}: ${scale.stores} stores of ${mib(scale.storeBytes)}, ${scale.functions} functions, writes for ${scale.writeSeconds} s, ${scale.kills} kills; edge --workers 2`,
)
console.log('')
console.log(
  renderTable(results, {
    data: `${scale.stores} × ${mib(scale.storeBytes)}`,
    functions: String(scale.functions),
    rss: `≤ 1.5 × data + 150 MiB (${mib(1.5 * dataBytes + 150 * MiB)})`,
    controlGrowth: `≤ 2 × data (${mib(2 * dataBytes)})`,
    kills: `${scale.kills} of ${scale.kills}`,
  }),
)
if (results.some((r) => r.error !== undefined)) process.exitCode = 1
