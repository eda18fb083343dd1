/**
 * PutKey through the unmodified KVS SDK client: sequential, each write durable (SQLite WAL,
 * synchronous = FULL) and acknowledged before the next, chaining ETags as scripts do. The
 * control plane runs as its own process (as deployed), so client and server use their own core.
 * Run: node --enable-source-maps dist/bench/kvs-putkey.js [count] [--crt]
 * `--crt` signs with AWS's native CRT signer (`@aws-sdk/signature-v4-crt`) instead of the
 * pure-JS SigV4A signer; the SDK prefers it when it is loaded.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DescribeKeyValueStoreCommand, PutKeyCommand } from '@aws-sdk/client-cloudfront-keyvaluestore'
import { createImportSourceReader } from '../src/control/import/read-import-source.js'
import { createKeyService, createKeyValueStoreService } from '../src/control/services/index.js'
import { createSqliteStateStore } from '../src/control/state/sqlite-state-store.js'
import { TEST_CREDENTIALS } from '../test/helpers/control-plane.js'
import { spawnControlPlane } from '../test/helpers/control-process.js'
import { createKvsClient } from '../test/helpers/kvs-client.js'

const count = Number(process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 2000)
const crt = process.argv.includes('--crt')
if (crt) await import('@aws-sdk/signature-v4-crt')
const value = 'v'.repeat(100)
const accountId = '000000000000'

function percentile(list: number[], p: number): string {
  const sorted = [...list].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(2)
}

async function timed(run: (i: number) => Promise<void>): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = []
  const start = process.hrtime.bigint()
  for (let i = 0; i < count; i++) {
    const before = process.hrtime.bigint()
    await run(i)
    latencies.push(Number(process.hrtime.bigint() - before) / 1e6)
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, latencies }
}

const dataDir = mkdtempSync(join(tmpdir(), 'verge-bench-putkey-'))
try {
  // The same writes through the service alone (validation, transaction, fsync; no HTTP, no
  // signing): the control plane's own share of the cost.
  const state = createSqliteStateStore({ dataDir })
  const importer = createImportSourceReader()
  const stores = createKeyValueStoreService({ state, accountId, readImportSource: importer.read })
  const keys = createKeyService({ state, accountId })
  const serviceStore = await stores.createKeyValueStore({ name: 'bench-service' })
  const sdkStore = await stores.createKeyValueStore({ name: 'bench-sdk' })
  let serviceEtag = serviceStore.dataEtag
  const service = await timed(async (i) => {
    serviceEtag = (await keys.putKey(serviceStore.arn, { key: `key-${i}`, value, ifMatch: serviceEtag })).etag
  })
  importer.destroy()
  await state.close()

  const server = await spawnControlPlane({
    VERGE_DATA_DIR: dataDir,
    VERGE_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    VERGE_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  })
  const client = createKvsClient({ url: server.url, credentials: TEST_CREDENTIALS })
  let sdk: { seconds: number; latencies: number[] }
  let clientCpu: NodeJS.CpuUsage
  try {
    let etag = (await client.send(new DescribeKeyValueStoreCommand({ KvsARN: sdkStore.arn }))).ETag
    // Warm up the connection, the signer and the statements.
    for (let i = 0; i < 50; i++) {
      const put = new PutKeyCommand({ KvsARN: sdkStore.arn, Key: `warm-${i}`, Value: value, IfMatch: etag })
      etag = (await client.send(put)).ETag
    }
    const cpuStart = process.cpuUsage()
    sdk = await timed(async (i) => {
      const put = new PutKeyCommand({ KvsARN: sdkStore.arn, Key: `key-${i}`, Value: value, IfMatch: etag })
      etag = (await client.send(put)).ETag
    })
    clientCpu = process.cpuUsage(cpuStart)
  } finally {
    client.destroy()
    server.child.kill('SIGTERM')
    await server.exited
  }

  console.table([
    {
      benchmark: `PutKey via SDK, ${crt ? 'CRT' : 'JS SigV4A'} signer (sequential, durable)`,
      requests: count,
      'ops/s': Math.round(count / sdk.seconds),
      'p50 ms': percentile(sdk.latencies, 0.5),
      'p99 ms': percentile(sdk.latencies, 0.99),
      'client CPU ms/op': ((clientCpu.user + clientCpu.system) / 1000 / count).toFixed(2),
      target: '≥ 500 ops/s',
    },
    {
      benchmark: 'putKey service only (durable)',
      requests: count,
      'ops/s': Math.round(count / service.seconds),
      'p50 ms': percentile(service.latencies, 0.5),
      'p99 ms': percentile(service.latencies, 0.99),
      'client CPU ms/op': '',
      target: '',
    },
  ])
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}
