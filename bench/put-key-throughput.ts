/**
 * Durable PutKey throughput: `clients` concurrent signed clients, each chaining ETags on a store
 * of its own, against one `verge control` process on SQLite and one on PostgreSQL, side by side
 * in one run. Requests are signed with the light signer (`bench/light-signer.ts`: the control
 * plane's own SigV4A/SigV4 code) over keep-alive connections (an undici Pool), so the client is
 * not the bottleneck: the AWS SDK's middleware and JS signer cost about 3-4 ms of CPU a call.
 *
 *   npm run build && node dist/bench/put-key-throughput.js [--seconds=10] [--clients=32]
 *     [--engines=sqlite,postgres] [--algorithm=sigv4a|sigv4] [--cpu-prof=DIR]
 *
 * `--cpu-prof=DIR` runs each control node with `--cpu-prof` and leaves its profile in DIR.
 */
import {
  type BenchStore,
  cpuMs,
  type Engine,
  enginesFromArgs,
  flag,
  machineAndLoad,
  openBenchDatabase,
  quantile,
} from './bench-engines.js'
import type { SigningAlgorithm } from './light-signer.js'
import { createSignedKvsClient, type SignedKvsClient } from './signed-put-key.js'

const seconds = Number(flag('seconds', '10'))
const clients = Number(flag('clients', '32'))
const algorithm = flag('algorithm', 'sigv4a') as SigningAlgorithm
const cpuProfDir = flag('cpu-prof', '')
const value = 'v'.repeat(100)
const WARM_UP_MS = 2_000

interface Result {
  engine: Engine
  puts: number
  seconds: number
  latencies: number[]
  serverCpuMs: number
  clientCpuMs: number
}

/** One client: PutKeys on its own store, each after the previous one's ETag, until `until`. */
async function runClient(
  client: SignedKvsClient,
  store: BenchStore,
  index: number,
  until: () => boolean,
  latencies: number[] | undefined,
): Promise<{ puts: number; store: BenchStore }> {
  let etag = store.etag
  let puts = 0
  while (!until()) {
    const started = performance.now()
    etag = await client.putKey(store.arn, `key-${index}-${puts % 500}`, value, etag)
    latencies?.push(performance.now() - started)
    puts++
  }
  return { puts, store: { arn: store.arn, etag } }
}

async function measure(engine: Engine): Promise<Result> {
  const database = await openBenchDatabase(engine)
  try {
    const stores = await database.createStores(clients, 'throughput')
    const node = await database.startNode(
      cpuProfDir === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`],
    )
    const client = createSignedKvsClient(node.url, { connections: clients, algorithm })
    try {
      // Warm up (connections, statements, JIT), then measure; the ETags chain across both.
      const current = [...stores]
      const round = async (ms: number, latencies?: number[]) => {
        const end = Date.now() + ms
        const counts = await Promise.all(
          current.map(async (store, i) => {
            const ran = await runClient(client, store, i, () => Date.now() >= end, latencies)
            current[i] = ran.store
            return ran.puts
          }),
        )
        return counts.reduce((a, b) => a + b, 0)
      }
      await round(WARM_UP_MS)
      const latencies: number[] = []
      const serverBefore = cpuMs(node.child.pid!)
      const clientBefore = process.cpuUsage()
      const started = performance.now()
      const puts = await round(seconds * 1000, latencies)
      const elapsed = (performance.now() - started) / 1000
      const clientCpu = process.cpuUsage(clientBefore)
      return {
        engine,
        puts,
        seconds: elapsed,
        latencies,
        serverCpuMs: cpuMs(node.child.pid!) - serverBefore,
        clientCpuMs: (clientCpu.user + clientCpu.system) / 1000,
      }
    } finally {
      await client.close()
    }
  } finally {
    await database.close()
  }
}

const results: Result[] = []
for (const engine of enginesFromArgs()) results.push(await measure(engine))
console.log(machineAndLoad())
console.log(
  `${clients} clients, each on its own store, ${seconds} s, ${algorithm} light signer, durable commits`,
)
const goals: Record<Engine, number> = { sqlite: 5000, postgres: 2000 }
console.table(
  results.map((r) => {
    const perSecond = r.puts / r.seconds
    return {
      engine: r.engine,
      PutKeys: r.puts,
      'PutKey/s': Math.round(perSecond),
      'p50 ms': quantile(r.latencies, 0.5).toFixed(2),
      'p99 ms': quantile(r.latencies, 0.99).toFixed(2),
      'server CPU µs/PutKey': Math.round((r.serverCpuMs * 1000) / r.puts),
      'client CPU µs/PutKey': Math.round((r.clientCpuMs * 1000) / r.puts),
      goal: `≥ ${goals[r.engine]}/s ${perSecond >= goals[r.engine] ? '(met)' : '(not met)'}`,
    }
  }),
)
