/**
 * Propagation to 20 edges, side by side: SQLite with one control node, and PostgreSQL with two
 * control nodes (the edges split between them, PutKeys written to the first). Edges are
 * lightweight sync clients (`sync-client-worker.ts`); each PutKey is timed from its
 * acknowledgement to its application on all of them. (`propagation.ts` measures one node with
 * real `verge edge` processes.)
 *
 *   npm run build && node dist/bench/propagation-nodes.js [--edges=20] [--putkeys=1000]
 *     [--rate=50] [--engines=sqlite,postgres]
 */
import { enginesFromArgs, flag, machineAndLoad, openBenchDatabase } from './bench-engines.js'
import { measurePropagation } from './propagation-run.js'

const edges = Number(flag('edges', '20'))
const putKeys = Number(flag('putkeys', '1000'))
const perSecond = Number(flag('rate', '50'))
const rows: Record<string, unknown>[] = []
for (const engine of enginesFromArgs()) {
  const nodes = engine === 'sqlite' ? 1 : 2
  const database = await openBenchDatabase(engine)
  try {
    const result = await measurePropagation(database, { nodes, edges, processes: 1, putKeys, perSecond })
    const goal = engine === 'sqlite' ? 50 : 100
    rows.push({
      engine,
      'control nodes': nodes,
      'p50 ms': result.p50.toFixed(1),
      'p99 ms': result.p99.toFixed(1),
      'max ms': result.max.toFixed(1),
      missing: result.missing,
      errors: result.errors.length,
      goal: `p99 ≤ ${goal} ms ${result.p99 <= goal ? '(met)' : '(not met)'}`,
    })
  } finally {
    await database.close()
  }
}
console.log(machineAndLoad())
console.log(`${edges} lightweight edges, ${putKeys} PutKeys at ${perSecond}/s, acknowledged → applied on all`)
console.table(rows)
