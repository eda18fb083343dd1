/**
 * Edge benchmark: the edge pinned to one core, load from the other (autocannon), each request
 * through the blog-router viewer-request function (a KVS lookup and a URI rewrite) and a cache
 * hit. Side by side, in the same run, a bare node:http server doing the same lookup and cache
 * in plain JS. Server CPU per request comes from /proc/<pid>/stat.
 *
 *   npm run build && node dist/bench/edge.js [seconds=10] [connections=32]
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const seconds = Number(process.argv[2] ?? 10)
const connections = Number(process.argv[3] ?? 32)
const serversScript = fileURLToPath(new URL('./edge-servers.js', import.meta.url))
const autocannon = createRequire(import.meta.url).resolve('autocannon/autocannon.js')
const TICKS = 100 // USER_HZ

const origin = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'max-age=3600' })
  res.end(`<h1>${req.url}</h1>`)
})
await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve))
const originPort = (origin.address() as AddressInfo).port

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return Number(fields[11]) + Number(fields[12])
}

async function measure(mode: 'verge' | 'verge+observed' | 'bare' | 'bare+function') {
  const server: ChildProcess = spawn(
    'taskset',
    ['-c', '0', process.execPath, serversScript, mode, String(originPort)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  try {
    const port = Number(
      await new Promise<string>((resolve) =>
        createInterface({ input: server.stdout! }).once('line', resolve),
      ),
    )
    const url = `http://127.0.0.1:${port}/blog/index.html`
    const warm = await fetch(url)
    if ((await warm.text()) !== '<h1>/blog-v1/index.html</h1>') throw new Error(`${mode}: unexpected body`)
    spawnSync(
      'taskset',
      ['-c', '1', process.execPath, autocannon, '-c', String(connections), '-d', '2', url],
      { stdio: 'ignore' },
    )
    const before = cpuTicks(server.pid!)
    const run = spawnSync(
      'taskset',
      ['-c', '1', process.execPath, autocannon, '-j', '-c', String(connections), '-d', String(seconds), url],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    )
    const ticks = cpuTicks(server.pid!) - before
    const result = JSON.parse(run.stdout) as {
      requests: { total: number; average: number }
      latency: { p50: number; p99: number }
      non2xx: number
      errors: number
    }
    return {
      'req/s': Math.round(result.requests.average),
      'server CPU µs/req': Number((((ticks / TICKS) * 1e6) / result.requests.total).toFixed(1)),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      'non-2xx': result.non2xx,
      errors: result.errors,
    }
  } finally {
    server.kill('SIGTERM')
  }
}

const bare = await measure('bare')
const floor = await measure('bare+function')
const verge = await measure('verge')
const observed = await measure('verge+observed')
origin.close()
const cpus = os.cpus()
console.log(
  `machine: ${cpus[0]?.model ?? 'unknown'} x${cpus.length}, node ${process.version}; server on core 0, autocannon on core 1, ${connections} connections, ${seconds} s`,
)
console.table({
  'bare node:http (plain JS lookup + cache)': bare,
  'bare node:http + the function (runFunction)': floor,
  'Verge edge (function + KVS + cache hit)': verge,
  'Verge edge, metrics and function logs on': observed,
})
const times = (row: { 'server CPU µs/req': number }) =>
  (row['server CPU µs/req'] / bare['server CPU µs/req']).toFixed(2)
console.log(
  `CPU per request against the bare server: Verge ${times(verge)}×, bare + function ${times(floor)}×`,
)
const cost = (observed['server CPU µs/req'] / verge['server CPU µs/req'] - 1) * 100
console.log(
  `Metrics and function logs on: ${cost >= 0 ? '+' : ''}${cost.toFixed(1)} % server CPU per request`,
)
