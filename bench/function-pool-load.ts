/**
 * The function pool in one process: what a cold request pays to load a function (while the pool
 * has room, and once it is full and evicts), against `loadFunction` alone, and what a warm one
 * pays to find it. Functions are the seed's blog-router, made distinct by a comment.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/function-pool-load.js [functions=60]
 */
import { BLOG_ROUTER_FUNCTION } from '../src/cli/demo/seed-functions.js'
import { EdgeReplica } from '../src/edge/index.js'
import { ReplicaApplier } from '../src/edge/replication/replica-apply.js'
import { loadFunction } from '../src/runtime/index.js'
import type { SnapshotFunction } from '../src/sync/index.js'
import { machineLine, median } from './edge-scale-report.js'

const count = Number(process.argv[2] ?? 60)
const definitions: SnapshotFunction[] = Array.from({ length: count }, (_, i) => ({
  arn: `arn:aws:cloudfront::000000000000:function/router-${i}`,
  name: `router-${i}`,
  runtime: 'cloudfront-js-2.0',
  code: `// router ${i}\n${BLOG_ROUTER_FUNCTION}`,
  keyValueStoreId: '37435e19-c205-4271-9e5c-0123456789ab',
}))

const ms = (start: number) => performance.now() - start
const show = (values: number[]) =>
  `median ${median(values).toFixed(2)} ms, max ${Math.max(...values).toFixed(2)} ms (${values.length})`

// loadFunction alone, each disposed at once.
const bare: number[] = []
for (const definition of definitions.slice(0, 20)) {
  const start = performance.now()
  const fn = loadFunction({ code: definition.code, runtime: definition.runtime })
  bare.push(ms(start))
  fn.dispose()
}

const replica = new EdgeReplica()
new ReplicaApplier(replica).applySnapshot({
  revision: 1,
  keyValueStores: [],
  functions: definitions,
  distributions: [],
})
const pool = replica.functions
const withRoom: number[] = []
const evicting: number[] = []
for (const definition of definitions) {
  const evictionsBefore = pool.stats().evictions
  const start = performance.now()
  pool.get(definition.arn)
  const took = ms(start)
  ;(pool.stats().evictions > evictionsBefore ? evicting : withRoom).push(took)
}
const stats = pool.stats()

const warmArn = definitions[count - 1]!.arn
const rounds = 1_000_000
let found = 0
const start = process.hrtime.bigint()
for (let i = 0; i < rounds; i++) if (pool.get(warmArn) !== undefined) found++
const warmNs = Number(process.hrtime.bigint() - start) / rounds
if (found !== rounds) throw new Error('the warm function went missing')

console.log(machineLine())
console.log(`loadFunction alone:                 ${show(bare)}`)
console.log(`cold get, the pool has room:        ${show(withRoom)}`)
console.log(`cold get, the pool evicts:          ${show(evicting)}`)
console.log(`warm get:                           ${warmNs.toFixed(1)} ns`)
console.log(
  `pool after ${count} cold gets: ${stats.loaded} loaded, ${(stats.memoryBytes / 2 ** 20).toFixed(1)} of ${(stats.memoryBudgetBytes / 2 ** 20).toFixed(0)} MiB, ${stats.evictions} evictions`,
)
replica.dispose()
