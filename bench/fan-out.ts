/**
 * Fan-out: 1,000 lightweight edges (sync clients in a few processes) on two control nodes over
 * one PostgreSQL database, half on each; PutKeys written through the first. Each PutKey is timed
 * from its acknowledgement to its application on all 1,000; each node's RSS and CPU per edge.
 *
 *   npm run build && node dist/bench/fan-out.js [--edges=1000] [--processes=4] [--putkeys=200]
 *     [--rate=5] [--engines=postgres]
 */
import { flag, machineAndLoad, openBenchDatabase } from './bench-engines.js'
import { measurePropagation } from './propagation-run.js'

const edges = Number(flag('edges', '1000'))
const processes = Number(flag('processes', '4'))
const putKeys = Number(flag('putkeys', '200'))
const perSecond = Number(flag('rate', '5'))
const database = await openBenchDatabase('postgres')
try {
  const result = await measurePropagation(database, { nodes: 2, edges, processes, putKeys, perSecond })
  console.log(machineAndLoad())
  console.log(
    `${edges} lightweight edges in ${processes} processes on 2 control nodes (PostgreSQL), ${putKeys} PutKeys at ${perSecond}/s`,
  )
  console.table({
    'PutKey acknowledged → applied on all edges': {
      'p50 ms': result.p50.toFixed(1),
      'p99 ms': result.p99.toFixed(1),
      'max ms': result.max.toFixed(1),
      missing: result.missing,
      errors: result.errors.length,
      goal: `p99 ≤ 1000 ms ${result.p99 <= 1000 ? '(met)' : '(not met)'}`,
    },
  })
  console.table(
    result.perNode.map((node, i) => ({
      node: i === 0 ? 'A (writes)' : 'B',
      edges: node.edges,
      'RSS MiB': node.rssMiB.toFixed(0),
      'RSS per edge KiB': node.rssPerEdgeKiB.toFixed(1),
      'CPU per edge (ms/s)': node.cpuPerEdgeMsPerS.toFixed(3),
    })),
  )
  if (result.errors.length > 0) console.log(result.errors.slice(0, 5))
} finally {
  await database.close()
}
