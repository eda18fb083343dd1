/**
 * Runtime benchmark: the seed's blog-router (a KVS lookup and a URI rewrite) per invocation,
 * with fresh state per request as in production, and how many functions load per second.
 *
 * Then the same invocations in batches of `batch` (default 48, what the edge collects in one
 * event-loop turn at 50 connections), through `invokeFunctions`: the mean is per invocation.
 *
 *   npm run bench:runtime            # or: node dist/bench/runtime.js [invocations] [batch]
 */
import os from 'node:os'
import { BLOG_ROUTER_FUNCTION } from '../src/cli/demo/seed-functions.js'
import { MemoryKeyValueStore } from '../src/kvs/memory-store.js'
import type { CfEvent } from '../src/runtime/index.js'
import { invokeFunctions, loadFunction, runFunction } from '../src/runtime/index.js'

const invocations = Number(process.argv[2] ?? 100_000)
const batch = Number(process.argv[3] ?? 48)
const warmup = 10_000
const loads = 200

const store = new MemoryKeyValueStore({ id: '37435e19-c205-4271-9e5c-0123456789ab' })
store.put('blog', 'blog-v1')
const event: CfEvent = {
  version: '1.0',
  context: { eventType: 'viewer-request', distributionId: 'EDFDVBD6EXAMPLE', requestId: 'bench' },
  viewer: { ip: '198.51.100.11' },
  request: {
    method: 'GET',
    uri: '/blog/index.html',
    querystring: {},
    headers: {
      host: { value: 'example.org' },
      accept: { value: 'text/html' },
      'user-agent': { value: 'bench' },
    },
    cookies: {},
  },
}

const fn = loadFunction({ code: BLOG_ROUTER_FUNCTION, runtime: 'cloudfront-js-2.0', keyValueStore: store })
for (let i = 0; i < warmup; i++) runFunction(fn, event)
const check = runFunction(fn, event)
if (!check.output || !('request' in check.output) || check.output.request.uri !== '/blog-v1/index.html') {
  throw new Error(`unexpected output: ${JSON.stringify(check)}`)
}

const samples = new Float64Array(invocations)
const cpuStart = process.cpuUsage()
const wallStart = process.hrtime.bigint()
let utilization = 0
for (let i = 0; i < invocations; i++) {
  const t0 = process.hrtime.bigint()
  const result = runFunction(fn, event)
  samples[i] = Number(process.hrtime.bigint() - t0) / 1000
  utilization += result.computeUtilization
}
const wallUs = Number(process.hrtime.bigint() - wallStart) / 1000
const cpu = process.cpuUsage(cpuStart)
fn.dispose()

// Batched: one sandbox entry per `batch` events, each invocation with its own state and result.
const batchEvents = Array.from({ length: batch }, () => event)
const batchedFn = loadFunction({
  code: BLOG_ROUTER_FUNCTION,
  runtime: 'cloudfront-js-2.0',
  keyValueStore: store,
})
for (let i = 0; i < warmup; i += batch) invokeFunctions(batchedFn, batchEvents)
const batches = Math.ceil(invocations / batch)
const batchSamples = new Float64Array(batches)
let batchUtilization = 0
const batchCpuStart = process.cpuUsage()
const batchWallStart = process.hrtime.bigint()
for (let i = 0; i < batches; i++) {
  const t0 = process.hrtime.bigint()
  const runs = invokeFunctions(batchedFn, batchEvents)
  batchSamples[i] = Number(process.hrtime.bigint() - t0) / 1000 / batch
  for (const run of runs) batchUtilization += run.computeUtilization
}
const batchWallUs = Number(process.hrtime.bigint() - batchWallStart) / 1000
const batchCpu = process.cpuUsage(batchCpuStart)
const lastRun = invokeFunctions(batchedFn, batchEvents)[batch - 1]?.output
if (lastRun?.kind !== 'request' || lastRun.request.uri !== '/blog-v1/index.html') {
  throw new Error(`unexpected batched output: ${JSON.stringify(lastRun)}`)
}
batchedFn.dispose()
const batched = batches * batch

const loadStart = process.hrtime.bigint()
for (let i = 0; i < loads; i++) {
  loadFunction({ code: BLOG_ROUTER_FUNCTION, runtime: 'cloudfront-js-2.0', keyValueStore: store }).dispose()
}
const loadSeconds = Number(process.hrtime.bigint() - loadStart) / 1e9

/** One row of the table: `samples` are µs per invocation, `count` invocations in all. */
function row(samples: Float64Array, used: NodeJS.CpuUsage, count: number, wall: number, util: number) {
  samples.sort()
  const pick = (q: number) =>
    (samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN).toFixed(1)
  return {
    'mean µs': (samples.reduce((a, b) => a + b, 0) / samples.length).toFixed(1),
    'p50 µs': pick(0.5),
    'p99 µs': pick(0.99),
    'max µs': pick(1),
    'host CPU µs/req': ((used.user + used.system) / count).toFixed(1),
    'req/s (one core)': Math.round(count / (wall / 1e6)),
    'mean computeUtilization': (util / count).toFixed(2),
  }
}

const cpus = os.cpus()
console.log(`machine: ${cpus[0]?.model ?? 'unknown'} x${cpus.length}, node ${process.version}`)
console.log(`invocations: ${invocations} (after ${warmup} warm-up), fresh state per request`)
console.table({
  'blog-router invocation': row(samples, cpu, invocations, wallUs, utilization),
  [`in batches of ${batch} (per invocation)`]: row(
    batchSamples,
    batchCpu,
    batched,
    batchWallUs,
    batchUtilization,
  ),
})
console.log(
  `function loads: ${(loads / loadSeconds).toFixed(0)}/s (${((loadSeconds / loads) * 1000).toFixed(2)} ms each, isolate + bootstrap + compile)`,
)
