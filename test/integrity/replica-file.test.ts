import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { seedDemo } from '../../src/cli/demo/seed-demo.js'
import { type ControlPlane, startControlPlane } from '../../src/control/control-plane.js'
import type { ConfigTree } from '../../src/control/services/config-tree.js'
import { REJECTED_REPLICA_FILE, REPLICA_FILE, startEdge } from '../../src/edge/index.js'
import { type Snapshot, SYNC_SNAPSHOT_PATH } from '../../src/sync/protocol.js'
import { validateSnapshot } from '../../src/sync/snapshot-validate.js'
import { TEST_CREDENTIALS } from '../helpers/control-plane.js'
import { waitFor } from '../helpers/wait-for.js'

// biome-ignore lint/suspicious/noExplicitAny: a test reaches into arbitrary JSON to damage it
type MutableJson = Record<string, any>

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
  const config: ConfigTree = {
    CallerReference: 'replica-file',
    Comment: '',
    Enabled: 'true',
    Origins: {
      Quantity: '1',
      Items: {
        Origin: [{ Id: 'o', DomainName: 'o.internal', S3OriginConfig: { OriginAccessIdentity: '' } }],
      },
    },
    DefaultCacheBehavior: {
      TargetOriginId: 'o',
      ViewerProtocolPolicy: 'allow-all',
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      FunctionAssociations: {
        Quantity: '1',
        Items: { FunctionAssociation: [{ FunctionARN: v1.arn, EventType: 'viewer-request' }] },
      },
    },
  }
  distributionId = (await cp.distributions.createDistribution(config)).id
  const draft = await cp.functions.describeFunction('answer', 'DEVELOPMENT')
  const v2 = await cp.functions.updateFunction('answer', {
    ifMatch: draft.etag,
    config: RUNTIME,
    code: answer('v2'),
  })
  await cp.functions.publishFunction('answer', { ifMatch: v2.etag })
  lastPublish = await cp.state.latestRevision()
  const response = await fetch(new URL(SYNC_SNAPSHOT_PATH, cp.url), {
    headers: { authorization: `Bearer ${EDGE_TOKEN}` },
  })
  latest = (await response.json()) as Snapshot
  assert.equal(latest.revision, lastPublish)
})

after(async () => {
  await cp.close()
  rmSync(root, { recursive: true, force: true })
})

let counter = 0
/**
 * Starts an edge (a primary and one worker, as `verge edge` runs) on a data directory holding
 * `replica` as its disk snapshot and a temporary file a killed writer left; asserts it serves
 * the function's current version, and that the temporary file is gone.
 */
async function startOn(replica: string): Promise<string> {
  const dataDir = join(root, `edge-${counter++}`)
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(join(dataDir, REPLICA_FILE), replica)
  const temporary = join(dataDir, `${REPLICA_FILE}.99999.tmp`)
  writeFileSync(temporary, replica.slice(0, 10))
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
  return dataDir
}

test('replica file: a snapshot of the wrong shape is set aside; the edge starts and serves after a resync', async () => {
  const wrong = JSON.parse(JSON.stringify(latest)) as MutableJson
  // Valid JSON, plausible at a glance: a store entry without its value, a distribution without
  // its cache behaviors.
  wrong.keyValueStores[0].entries[0] = ['k']
  delete wrong.distributions[0].Config.CacheBehaviors
  const dataDir = await startOn(JSON.stringify(wrong))
  assert.ok(existsSync(join(dataDir, REJECTED_REPLICA_FILE)), 'kept for the operator')
})

test('replica file: truncated JSON is set aside; the edge starts and serves after a resync', async () => {
  const text = JSON.stringify(latest)
  const dataDir = await startOn(text.slice(0, Math.floor(text.length / 2)))
  assert.ok(existsSync(join(dataDir, REJECTED_REPLICA_FILE)))
})

test('replica file: a function whose code does not compile is skipped, not fatal; the edge catches up', async () => {
  // The disk snapshot predates the last publish, and its copy of the function is damaged.
  const stale = JSON.parse(JSON.stringify(latest)) as Snapshot & { functions: { code: string }[] }
  stale.functions[0]!.code = 'function handler(event) { return {{{ '
  const file = { ...stale, revision: lastPublish - 1 }
  validateSnapshot(file)
  const dataDir = await startOn(JSON.stringify(file))
  assert.equal(existsSync(join(dataDir, REJECTED_REPLICA_FILE)), false, 'the file itself was sound')
})

test('validateSnapshot: accepts what the control plane sends for the seeded demo', async () => {
  const demo = await startControlPlane({
    dataDir: join(root, 'demo'),
    credentials: TEST_CREDENTIALS,
    edgeToken: EDGE_TOKEN,
  })
  try {
    await seedDemo(demo, { originPort: 4001 })
    const response = await fetch(new URL(SYNC_SNAPSHOT_PATH, demo.url), {
      headers: { authorization: `Bearer ${EDGE_TOKEN}` },
    })
    const snapshot = validateSnapshot(await response.json())
    assert.ok(snapshot.distributions.length > 0 && snapshot.functions.length > 0)
  } finally {
    await demo.close()
  }
})
