/**
 * Runtime benchmark: the seed's blog-router (a KVS lookup and a URI rewrite) per invocation,
 * with fresh state per request as in production, and how many functions load per second.
 *
 *   npm run bench:runtime            # or: node dist/bench/runtime.js [invocations]
 */
import os from 'node:os'
import { BLOG_ROUTER_FUNCTION } from '../src/cli/demo/seed-functions.js'
import { MemoryKeyValueStore } from '../src/kvs/memory-store.js'
import type { CfEvent } from '../src/runtime/index.js'
import { loadFunction, runFunction } from '../src/runtime/index.js'

const invocations = Number(process.argv[2] ?? 100_000)
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

samples.sort()
const pick = (q: number) =>
  samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN
const mean = samples.reduce((a, b) => a + b, 0) / samples.length

const loadStart = process.hrtime.bigint()
for (let i = 0; i < loads; i++) {
  loadFunction({ code: BLOG_ROUTER_FUNCTION, runtime: 'cloudfront-js-2.0', keyValueStore: store }).dispose()
}
const loadSeconds = Number(process.hrtime.bigint() - loadStart) / 1e9

const cpus = os.cpus()
console.log(`machine: ${cpus[0]?.model ?? 'unknown'} x${cpus.length}, node ${process.version}`)
console.log(`invocations: ${invocations} (after ${warmup} warm-up), fresh state per request`)
console.table({
  'blog-router invocation': {
    'mean µs': mean.toFixed(1),
    'p50 µs': pick(0.5).toFixed(1),
    'p99 µs': pick(0.99).toFixed(1),
    'max µs': pick(1).toFixed(1),
    'host CPU µs/req': ((cpu.user + cpu.system) / invocations).toFixed(1),
    'req/s (one core)': Math.round(invocations / (wallUs / 1e6)),
    'mean computeUtilization': (utilization / invocations).toFixed(2),
  },
})
console.log(
  `function loads: ${(loads / loadSeconds).toFixed(0)}/s (${((loadSeconds / loads) * 1000).toFixed(2)} ms each, isolate + bootstrap + compile)`,
)
