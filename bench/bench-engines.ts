/**
 * The two state engines for the issue-14 benchmarks (put-key-throughput, propagation-nodes,
 * fan-out): a database (SQLite in a fresh data directory, or a database of its own on a throwaway
 * PostgreSQL cluster from `scripts/postgres-test-cluster.sh`), key value stores created in it,
 * and `verge control` nodes over it, each its own process, as deployed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createImportSourceReader } from '../src/control/import/read-import-source.js'
import { createKeyValueStoreService } from '../src/control/services/index.js'
import { openStateStore } from '../src/control/state/open-state-store.js'
import { TEST_CREDENTIALS } from '../test/helpers/control-plane.js'
import { type ControlProcess, spawnControlPlane } from '../test/helpers/control-process.js'
import { createTestDatabase, startTestPostgres } from '../test/helpers/postgres-server.js'

export type Engine = 'sqlite' | 'postgres'
export const EDGE_TOKEN = 'vet_bench_issue14'
export const ACCOUNT_ID = '000000000000'

export interface BenchStore {
  readonly arn: string
  readonly etag: string
}

export interface BenchDatabase {
  readonly engine: Engine
  /** The stores made by `createStores`, with their first ETag. */
  createStores(count: number, prefix: string): Promise<BenchStore[]>
  /** One more `verge control` over this database; `nodeArgs` go to node (`--cpu-prof`). */
  startNode(nodeArgs?: readonly string[]): Promise<ControlProcess>
  /** Stops every node started here, then the database (and its cluster). */
  close(): Promise<void>
}

/** Parses `--name=value` from argv, else `fallback`. */
export function flag(name: string, fallback: string): string {
  const prefix = `--${name}=`
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length) ?? fallback
}

/** The engines asked for with `--engines=sqlite,postgres` (default both). */
export function enginesFromArgs(): Engine[] {
  return flag('engines', 'sqlite,postgres')
    .split(',')
    .map((name) => {
      if (name !== 'sqlite' && name !== 'postgres') throw new Error(`Unknown engine ${name}.`)
      return name
    })
}

/** A fresh database for `engine`; throws (with the reason) when PostgreSQL cannot be started. */
export async function openBenchDatabase(engine: Engine): Promise<BenchDatabase> {
  const root = mkdtempSync(path.join(os.tmpdir(), `verge-bench-${engine}-`))
  let databaseUrl: string | undefined
  let stopDatabase = async () => undefined as unknown
  if (engine === 'postgres') {
    const server = await startTestPostgres()
    if ('skip' in server) throw new Error(server.skip)
    const database = await createTestDatabase(server.url)
    databaseUrl = database.url
    stopDatabase = async () => {
      await database.drop()
      await server.close()
    }
  }
  const nodes: ControlProcess[] = []
  return {
    engine,
    async createStores(count, prefix) {
      const state = await openStateStore({ dataDir: path.join(root, 'node-0'), databaseUrl })
      const importer = createImportSourceReader()
      try {
        const service = createKeyValueStoreService({
          state,
          accountId: ACCOUNT_ID,
          readImportSource: importer.read,
          maxKeyValueStores: count + 10,
        })
        const stores: BenchStore[] = []
        for (let i = 0; i < count; i++) {
          const created = await service.createKeyValueStore({ name: `${prefix}-${i}` })
          stores.push({ arn: created.arn, etag: created.dataEtag })
        }
        return stores
      } finally {
        importer.destroy()
        await state.close()
      }
    },
    async startNode(nodeArgs = []) {
      const node = await spawnControlPlane(
        {
          // SQLite has one node: every node of a run shares node-0's data directory then.
          VERGE_DATA_DIR: path.join(root, databaseUrl === undefined ? 'node-0' : `node-${nodes.length}`),
          VERGE_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
          VERGE_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
          VERGE_EDGE_TOKEN: EDGE_TOKEN,
          VERGE_ACCOUNT_ID: ACCOUNT_ID,
          ...(databaseUrl === undefined ? {} : { VERGE_DATABASE_URL: databaseUrl }),
        },
        nodeArgs,
      )
      nodes.push(node)
      return node
    },
    async close() {
      for (const node of nodes) if (node.child.exitCode === null) node.child.kill('SIGTERM')
      await Promise.all(nodes.map((node) => node.exited))
      await stopDatabase()
      rmSync(root, { recursive: true, force: true })
    },
  }
}

/** User + system CPU of a process so far, in ms (from /proc/<pid>/stat, 100 ticks a second). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** VmRSS of a process in bytes. */
export function rssBytes(pid: number): number {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)\s+kB/m)
  return match === null ? 0 : Number(match[1]) * 1024
}

/** The value at quantile `q` (0..1) of `values` (sorted here). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

/** The machine and its load, for the report. */
export function machineAndLoad(): string {
  const cpus = os.cpus()
  const load = os.loadavg().map((x) => x.toFixed(2))
  return `machine: ${cpus[0]?.model ?? 'unknown'} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}; load average ${load.join(' ')}`
}
