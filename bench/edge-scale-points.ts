/**
 * The five measurements of `bench/edge-scale.ts` (issue 13, "What must be shown"), each on a
 * set-up `BenchCluster`; each returns its figures.
 */
import type { BenchCluster, EdgeSpec } from './edge-scale-cluster.js'
import {
  atRate,
  dataWrite,
  getText,
  type KeyWriter,
  parseCheck,
  quantile,
  requestStreamThread,
  untilCaughtUp,
} from './edge-scale-load.js'
import { killGroup, sleep, stopVerge, treeRss, type VergeProcess } from './edge-scale-processes.js'
import { type Figure, MiB, median, mib, ms, type RowId } from './edge-scale-report.js'
import { CHECK_PATH, type DataStore } from './edge-scale-setup.js'

export type Figures = Partial<Record<RowId, Figure>>

const SYNC_TIMEOUT_MS = 600_000

/** What every point shares. */
export interface PointContext {
  cluster: BenchCluster
  writer: KeyWriter
  /** The imported stores, which the writes rewrite (the demo store takes the check's). */
  stores: DataStore[]
  /** The demo store: `hello` and the check's keys live there. */
  demoStoreArn: string
  dataBytes: number
  /** The edge the points restart; replaced by each restart. */
  edge: VergeProcess
  spec: EdgeSpec
  /** Where each point puts its figures as it measures them (kept if a later step fails). */
  figures: Figures
  /** The last batch number written to the check keys. */
  batch: number
}

/** Polls `url` until it answers 200; resolves with the body and the time since `since`. */
async function until200(
  url: string,
  since: number,
  timeoutMs: number,
): Promise<{ body: string; ms: number }> {
  const deadline = since + timeoutMs
  for (;;) {
    const response = await getText(url)
    if (response?.status === 200) return { body: response.body, ms: performance.now() - since }
    if (performance.now() > deadline)
      throw new Error(
        `${url}: no 200 within ${timeoutMs} ms (last: ${response === undefined ? 'no answer' : `${response.status} ${response.body.slice(0, 200)}`})`,
      )
    await sleep(5)
  }
}

/** Samples the RSS of a process tree every `everyMs` until stopped; resolves with the peak. */
function rssSampler(pid: () => number, everyMs: number): { stop(): number } {
  let peak = 0
  const sample = () => {
    peak = Math.max(peak, treeRss(pid()).total)
  }
  sample()
  const timer = setInterval(sample, everyMs)
  return {
    stop() {
      clearInterval(timer)
      sample()
      return peak
    },
  }
}

/** First start: spawn → latest revision; then point 1, the edge's RSS once idle. */
export async function firstStartAndRss(ctx: PointContext): Promise<Figures> {
  const admin = ctx.cluster.admin!
  const start = performance.now()
  ctx.edge = ctx.cluster.spawnEdge(ctx.spec)
  await untilCaughtUp(admin, ctx.spec.name, SYNC_TIMEOUT_MS)
  ctx.figures.initialSync = { text: ms(performance.now() - start) }
  const served = await until200(ctx.cluster.edgeUrl(ctx.spec, '/hello'), start, SYNC_TIMEOUT_MS)
  ctx.figures.initialServe = { text: ms(served.ms) }
  // Every worker runs both functions in use a few times, then the heap settles.
  for (let i = 0; i < 20; i++) {
    await getText(ctx.cluster.edgeUrl(ctx.spec, '/hello'))
    await getText(ctx.cluster.edgeUrl(ctx.spec, CHECK_PATH))
  }
  await sleep(3_000)
  const rss = treeRss(ctx.edge.pid)
  const limit = 1.5 * ctx.dataBytes + 150 * MiB
  return {
    rss: {
      text: `${mib(rss.total)} (${rss.each.length} processes: ${rss.each.map((b) => Math.round(b / MiB)).join(' + ')} MiB)`,
      met: rss.total <= limit,
    },
  }
}

/** Point 2: `/hello` latency while keys are written at `perSecond` for `seconds`. */
export async function latencyUnderWrites(
  ctx: PointContext,
  seconds: number,
  perSecond = 50,
): Promise<Figures & { lastHello: string }> {
  const sampler = rssSampler(() => ctx.edge.pid, 250)
  const stream = requestStreamThread(ctx.cluster.edgeUrl(ctx.spec, ''), '/hello', 200, 2)
  const toData = dataWrite(ctx.writer, ctx.stores)
  let lastHello = ''
  const start = performance.now()
  // Every 25th write is the demo's `hello` (the value `/hello` shows); the last one too.
  const count = perSecond * seconds
  const done = await atRate(perSecond, seconds * 1000, async (i) => {
    if (i % 25 === 24 || i === count - 1) {
      lastHello = `bench-${i}-${Date.now()}`
      await ctx.writer.putKey(ctx.demoStoreArn, 'hello', lastHello)
    } else await toData(i)
  }).catch(async (error: unknown) => {
    await stream.stop()
    throw error
  })
  const elapsed = performance.now() - start
  const result = await stream.stop()
  await untilCaughtUp(ctx.cluster.admin!, ctx.spec.name, SYNC_TIMEOUT_MS)
  const peak = sampler.stop()
  const sorted = result.latencies.sort((a, b) => a - b)
  const [p50, p99, max] = [quantile(sorted, 0.5), quantile(sorted, 0.99), quantile(sorted, 1)]
  const non200 = [...result.statuses].filter(([status]) => status !== 200).reduce((n, [, c]) => n + c, 0)
  return {
    lastHello,
    rssPeak: { text: mib(peak) },
    latency: {
      text: `${p50.toFixed(1)} / ${p99.toFixed(1)} / ${max.toFixed(1)} ms (${sorted.length} requests, ${non200 + result.errors} failed)`,
      met: p99 <= 5 && max <= 50 && non200 + result.errors === 0,
    },
    writes: {
      text: `${done} in ${(elapsed / 1000).toFixed(1)} s (${((done * 1000) / elapsed).toFixed(1)}/s)`,
    },
  }
}

/** Point 3: SIGTERM of the edge with the control plane stopped, then a start. */
export async function restartWithControlDown(ctx: PointContext, lastHello: string): Promise<Figures> {
  await ctx.cluster.stopControl()
  await stopVerge(ctx.edge)
  const start = performance.now()
  ctx.edge = ctx.cluster.spawnEdge(ctx.spec)
  const first = await until200(ctx.cluster.edgeUrl(ctx.spec, '/hello'), start, 120_000)
  const shows = first.body.includes(lastHello)
  await ctx.cluster.startControl()
  await untilCaughtUp(ctx.cluster.admin!, ctx.spec.name, SYNC_TIMEOUT_MS)
  return {
    restart: {
      text: `${ms(first.ms)}, last value: ${shows ? 'yes' : 'no'}`,
      met: first.ms <= 2_000 && shows,
    },
  }
}

/** Point 4: a fresh edge joins; its time to the latest revision, the control plane's growth. */
export async function freshEdgeJoins(ctx: PointContext): Promise<Figures> {
  const control = ctx.cluster.control!
  const spec = await ctx.cluster.edgeSpec('bench-fresh')
  const baseline = treeRss(control.pid).total
  const sampler = rssSampler(() => control.pid, 50)
  const start = performance.now()
  const fresh = ctx.cluster.spawnEdge(spec)
  try {
    await untilCaughtUp(ctx.cluster.admin!, spec.name, SYNC_TIMEOUT_MS)
    const joined = performance.now() - start
    const growth = sampler.stop() - baseline
    return {
      join: { text: ms(joined), met: joined <= 10_000 },
      controlGrowth: {
        text: `${mib(growth)} (from ${mib(baseline)})`,
        met: growth <= 2 * ctx.dataBytes,
      },
    }
  } finally {
    sampler.stop()
    await stopVerge(fresh)
  }
}

/** A reproducible sequence in [0, 1) for the kill times. */
function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/**
 * Point 5: `rounds` times, a write burst (PutKeys on the data stores at 50/s, UpdateKeys of
 * every key of the check at 10/s) with a kill -9 of the edge's process group in
 * the middle; then a start. Every answer of the check from the start until caught up must name
 * one batch, and the first one a batch that was written.
 */
export async function killsDuringWrites(ctx: PointContext, rounds: number): Promise<Figures> {
  const random = seeded(13)
  const burstMs = 3_000
  let consistentRestarts = 0
  let mixed = 0
  const firstTimes: number[] = []
  const catchUpTimes: number[] = []
  const notes: string[] = []
  for (let round = 0; round < rounds; round++) {
    const toData = dataWrite(ctx.writer, ctx.stores)
    const data = atRate(50, burstMs, (i) => toData(i + round * 1_000))
    const batches = atRate(10, burstMs, async () => {
      await ctx.writer.writeBatch(ctx.demoStoreArn, ctx.batch + 1)
      ctx.batch++
    })
    // Awaited below; held now so that a failed write is not an unhandled rejection meanwhile.
    const burst = Promise.all([data, batches])
    burst.catch(() => {})
    await sleep(300 + random() * (burstMs - 600))
    await killGroup(ctx.edge)
    await burst
    const start = performance.now()
    ctx.edge = ctx.cluster.spawnEdge(ctx.spec)
    const checkUrl = ctx.cluster.edgeUrl(ctx.spec, CHECK_PATH)
    const first = await until200(checkUrl, start, 120_000)
    firstTimes.push(first.ms)
    const answer = parseCheck(first.body)
    if (answer.consistent && answer.batch >= 0 && answer.batch <= ctx.batch) consistentRestarts++
    else notes.push(`round ${round + 1}: first answer had ${answer.distinct} distinct values`)
    // Until the check shows the last batch and the edges view the latest revision.
    let current = answer
    while (!(current.consistent && current.batch === ctx.batch)) {
      if (!current.consistent) mixed++
      if (performance.now() - start > SYNC_TIMEOUT_MS) throw new Error(`round ${round + 1}: no catch-up`)
      await sleep(20)
      const response = await getText(checkUrl)
      if (response?.status === 200) current = parseCheck(response.body)
    }
    await untilCaughtUp(ctx.cluster.admin!, ctx.spec.name, SYNC_TIMEOUT_MS)
    catchUpTimes.push(performance.now() - start)
  }
  const spread = (values: number[]) => `${ms(median(values))} / ${ms(Math.max(...values))}`
  return {
    kills: {
      text: `${consistentRestarts} of ${rounds}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}`,
      met: consistentRestarts === rounds,
    },
    mixed: { text: String(mixed), met: mixed === 0 },
    killFirst: { text: spread(firstTimes) },
    killCatchUp: { text: spread(catchUpTimes) },
  }
}
