import assert from 'node:assert/strict'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import Database from 'better-sqlite3'
import { seedDemo } from '../../src/cli/demo/seed-demo.js'
import { type ControlPlane, startControlPlane } from '../../src/control/control-plane.js'
import { REJECTED_REPLICA_FILE, REPLICA_FILE, startEdge } from '../../src/edge/index.js'
import { LEGACY_REPLICA_FILE } from '../../src/edge/replication/replica-file.js'
import { writeReplicaFile } from '../../src/edge/replication/replica-open.js'
import type { Snapshot } from '../../src/sync/protocol.js'
import { validateSnapshot } from '../../src/sync/snapshot-validate.js'
import { TEST_CREDENTIALS } from '../helpers/control-plane.js'
import { functionDistribution } from '../helpers/function-distribution.js'
import { fetchSnapshot } from '../helpers/sync-snapshot.js'
import { waitFor } from '../helpers/wait-for.js'

const EDGE_TOKEN = 'vet_test-edge-token'
const RUNTIME = { comment: '', runtime: 'cloudfront-js-2.0' as const, keyValueStoreArns: [] }
const answer = (text: string) =>
  `function handler(event) { return { statusCode: 200, statusDescription: 'OK', body: { encoding: 'text', data: '${text}' } } }`

let root: string
let cp: ControlPlane
let distributionId: string
/** The control plane's snapshot after every write of the setup. */
let latest: Snapshot
/** The revision of the last write: publishing the function's second version. */
let lastPublish: number

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'verge-replica-file-'))
  cp = await startControlPlane({
    dataDir: join(root, 'control'),
    credentials: TEST_CREDENTIALS,
    edgeToken: EDGE_TOKEN,
  })
  const store = await cp.keyValueStores.createKeyValueStore({ name: 'kept' })
  await cp.keys.putKey(store.arn, { key: 'k', value: 'v', ifMatch: store.dataEtag })
  const created = await cp.functions.createFunction({ name: 'answer', config: RUNTIME, code: answer('v1') })
  const v1 = await cp.functions.publishFunction('answer', { ifMatch: created.etag })
  distributionId = (await cp.distributions.createDistribution(functionDistribution('replica-file', v1.arn)))
    .id
  const draft = await cp.functions.describeFunction('answer', 'DEVELOPMENT')
  const v2 = await cp.functions.updateFunction('answer', {
    ifMatch: draft.etag,
    config: RUNTIME,
    code: answer('v2'),
  })
  await cp.functions.publishFunction('answer', { ifMatch: v2.etag })
  lastPublish = await cp.state.latestRevision()
  latest = await fetchSnapshot(cp.url, EDGE_TOKEN)
  assert.equal(latest.revision, lastPublish)
})

after(async () => {
  await cp.close()
  rmSync(root, { recursive: true, force: true })
})

let counter = 0
/** A new data directory holding the replica database `snapshot` makes (the edge is not running). */
function dataDirWith(snapshot: Snapshot): string {
  const dataDir = join(root, `edge-${counter++}`)
  mkdirSync(dataDir, { recursive: true })
  writeReplicaFile(dataDir, snapshot)
  return dataDir
}

/** Changes the replica database of `dataDir` behind the edge's back, as a person or a disk might. */
function tamper(dataDir: string, sql: string): void {
  const db = new Database(join(dataDir, REPLICA_FILE))
  try {
    db.exec(sql)
  } finally {
    db.close()
  }
}

/**
 * Starts an edge (a primary and one worker, as `verge edge` runs) on `dataDir`, with a temporary
 * file a killed writer left beside its replica; asserts it serves the function's current
 * version, and that the temporary file is gone.
 */
async function startOn(dataDir: string): Promise<void> {
  const temporary = join(dataDir, `${REPLICA_FILE}.99999.tmp`)
  writeFileSync(temporary, 'half a database')
  const edge = await startEdge({
    controlUrl: cp.url,
    token: EDGE_TOKEN,
    dataDir,
    workers: 1,
    defaultDistributionId: distributionId,
  })
  try {
    assert.equal(existsSync(temporary), false, 'the leftover temporary file is removed')
    await waitFor(
      async () => {
        const response = await fetch(`${edge.url}/anything`)
        return response.status === 200 && (await response.text()) === 'v2'
      },
      { what: 'the edge to serve the current function', timeoutMs: 10_000 },
    )
    assert.equal(edge.revision, lastPublish)
  } finally {
    await edge.close()
  }
  assert.deepEqual(
    readdirSync(dataDir).filter((name) => name.endsWith('.tmp')),
    [],
  )
}

test('replica file: a file that is not a database is set aside; the edge starts and serves after a resync', async () => {
  const dataDir = join(root, `edge-${counter++}`)
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(join(dataDir, REPLICA_FILE), JSON.stringify(latest))
  await startOn(dataDir)
  assert.ok(existsSync(join(dataDir, REJECTED_REPLICA_FILE)), 'kept for the operator')
})

test('replica file: a database cut at half its size is set aside; the edge starts and serves after a resync', async () => {
  // A store large enough to span many pages, so that the cut loses some of them.
  const big = JSON.parse(JSON.stringify(latest)) as Snapshot & {
    keyValueStores: { entries: [string, string][] }[]
  }
  for (let i = 0; i < 2000; i++) big.keyValueStores[0]!.entries.push([`key-${i}`, 'v'.repeat(200)])
  const dataDir = dataDirWith(big)
  const file = join(dataDir, REPLICA_FILE)
  truncateSync(file, Math.floor(statSync(file).size / 2))
  await startOn(dataDir)
  assert.ok(existsSync(join(dataDir, REJECTED_REPLICA_FILE)))
})

test('replica file: a replica whose definitions have the wrong shape is set aside; the edge starts and serves after a resync', async () => {
  const dataDir = dataDirWith(latest)
  // Valid JSON, plausible at a glance: a distribution without its cache behaviors.
  tamper(dataDir, "UPDATE distributions SET definition = json_remove(definition, '$.Config.CacheBehaviors')")
  await startOn(dataDir)
  assert.ok(existsSync(join(dataDir, REJECTED_REPLICA_FILE)))
})

test('replica file: a database of another schema is set aside; the edge starts and serves after a resync', async () => {
  const dataDir = dataDirWith(latest)
  tamper(dataDir, 'DROP TABLE entries')
  await startOn(dataDir)
  assert.ok(existsSync(join(dataDir, REJECTED_REPLICA_FILE)))
})

test('replica file: a function whose code does not compile is skipped, not fatal; the edge catches up', async () => {
  // The replica predates the last publish, and its copy of the function is damaged.
  const stale = JSON.parse(JSON.stringify(latest)) as Snapshot & { functions: { code: string }[] }
  stale.functions[0]!.code = 'function handler(event) { return {{{ '
  const dataDir = dataDirWith({ ...stale, revision: lastPublish - 1 })
  await startOn(dataDir)
  assert.equal(existsSync(join(dataDir, REJECTED_REPLICA_FILE)), false, 'the file itself was sound')
})

test('replica file: an edge-replica.json of an older Verge is imported once, and served with no control plane', async () => {
  const dataDir = join(root, `edge-${counter++}`)
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(join(dataDir, LEGACY_REPLICA_FILE), JSON.stringify(latest))
  for (let start = 0; start < 2; start++) {
    const edge = await startEdge({
      controlUrl: 'http://127.0.0.1:9',
      token: EDGE_TOKEN,
      dataDir,
      workers: 1,
      defaultDistributionId: distributionId,
    })
    try {
      assert.equal(edge.revision, lastPublish)
      const response = await fetch(`${edge.url}/anything`)
      assert.equal(await response.text(), 'v2')
    } finally {
      await edge.close()
    }
    assert.equal(existsSync(join(dataDir, LEGACY_REPLICA_FILE)), false, 'imported, then removed')
  }
})

test('validateSnapshot: accepts what the control plane streams for the seeded demo', async () => {
  const demo = await startControlPlane({
    dataDir: join(root, 'demo'),
    credentials: TEST_CREDENTIALS,
    edgeToken: EDGE_TOKEN,
  })
  try {
    await seedDemo(demo, { originPort: 4001 })
    const snapshot = validateSnapshot(await fetchSnapshot(demo.url, EDGE_TOKEN))
    assert.ok(snapshot.distributions.length > 0 && snapshot.functions.length > 0)
  } finally {
    await demo.close()
  }
})
