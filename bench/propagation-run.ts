/**
 * The measurement shared by `propagation-nodes.ts` and `fan-out.ts`: PutKeys at a steady rate
 * through one control node, each value `p-<n>`, and for each the time from its acknowledgement
 * (the PutKey response) to its application on every lightweight edge (`sync-clients.ts`).
 */
import { EDGES_PATH } from '../src/sync/index.js'
import { type BenchDatabase, cpuMs, EDGE_TOKEN, quantile, rssBytes } from './bench-engines.js'
import { createSignedKvsClient } from './signed-put-key.js'
import { startSyncClients } from './sync-clients.js'

export interface PropagationOptions {
  nodes: number
  edges: number
  processes: number
  putKeys: number
  perSecond: number
}

export interface PropagationResult {
  p50: number
  p99: number
  max: number
  missing: number
  errors: string[]
  /** Per control node: RSS added by its edges, and CPU during the writes, per edge. */
  perNode: { edges: number; rssPerEdgeKiB: number; cpuPerEdgeMsPerS: number; rssMiB: number }[]
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const now = () => performance.timeOrigin + performance.now()

async function latestRevision(url: string): Promise<number> {
  const response = await fetch(new URL(EDGES_PATH, url), {
    headers: { authorization: `Bearer ${EDGE_TOKEN}` },
  })
  return ((await response.json()) as { latestRevision: number }).latestRevision
}

/** Starts `nodes` control nodes on `database`, the edges split over them; writes through node 0. */
export async function measurePropagation(
  database: BenchDatabase,
  options: PropagationOptions,
): Promise<PropagationResult> {
  const [store] = await database.createStores(1, 'propagation')
  const nodes = []
  for (let i = 0; i < options.nodes; i++) nodes.push(await database.startNode())
  const urls = nodes.map((node) => node.url)
  const rssBefore = nodes.map((node) => rssBytes(node.child.pid!))
  const clients = await startSyncClients({
    urls,
    count: options.edges,
    processes: options.processes,
    after: await latestRevision(urls[0]!),
    token: EDGE_TOKEN,
  })
  const writer = createSignedKvsClient(urls[0]!, { connections: 1 })
  try {
    const rssAfter = nodes.map((node) => rssBytes(node.child.pid!))
    const cpuBefore = nodes.map((node) => cpuMs(node.child.pid!))
    const acknowledged = new Map<number, number>()
    let etag = store!.etag
    const interval = 1000 / options.perSecond
    const started = Date.now()
    for (let n = 0; n < options.putKeys; n++) {
      const wait = started + n * interval - Date.now()
      if (wait > 0) await sleep(wait)
      etag = await writer.putKey(store!.arn, `key-${n % 100}`, `p-${n}`, etag)
      acknowledged.set(n, now())
    }
    const deadline = Date.now() + 10_000
    while (clients.appliedAt.size < options.putKeys && Date.now() < deadline) await sleep(20)
    const seconds = (Date.now() - started) / 1000
    const latencies = [...acknowledged].map(
      ([n, at]) => (clients.appliedAt.get(n) ?? Number.POSITIVE_INFINITY) - at,
    )
    const edgesOn = (i: number) =>
      Math.floor(options.edges / urls.length) + (i < options.edges % urls.length ? 1 : 0)
    return {
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      max: quantile(latencies, 1),
      missing: latencies.filter((x) => !Number.isFinite(x)).length,
      errors: clients.errors,
      perNode: nodes.map((node, i) => ({
        edges: edgesOn(i),
        rssMiB: rssAfter[i]! / 2 ** 20,
        rssPerEdgeKiB: (rssAfter[i]! - rssBefore[i]!) / 1024 / edgesOn(i),
        cpuPerEdgeMsPerS: (cpuMs(node.child.pid!) - cpuBefore[i]!) / seconds / edgesOn(i),
      })),
    }
  } finally {
    await writer.close()
    await clients.stop()
  }
}
