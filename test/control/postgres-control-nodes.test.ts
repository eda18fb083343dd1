import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import pg from 'pg'
import type { SyncChange } from '../../src/sync/index.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'
import { createTestDatabase, startTestPostgres, type TestPostgres } from '../helpers/postgres-server.js'
import { waitFor } from '../helpers/wait-for.js'

const server = await startTestPostgres()
const skip = 'skip' in server ? server.skip : false
// The feed's own poll never runs during the test: only a wake-up can bring B the change.
const NO_POLL_MS = 3_600_000

let database: { url: string; drop(): Promise<void> }
let nodeA: TestControlPlane
let nodeB: TestControlPlane
before(async () => {
  if (skip !== false) return
  database = await createTestDatabase((server as TestPostgres).url)
  const options = { databaseUrl: database.url, feedPollIntervalMs: NO_POLL_MS, edgeToken: 'vet_nodes' }
  nodeA = await startTestControlPlane(options)
  nodeB = await startTestControlPlane(options)
})
after(async () => {
  await nodeA?.stop()
  await nodeB?.stop()
  await database?.drop()
  if ('close' in server) await server.close()
})

/** Whether both nodes' LISTEN connections are up (each a session whose last query was LISTEN). */
async function bothListening(): Promise<boolean> {
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  try {
    const result = await client.query<{ n: string }>(
      "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'",
    )
    return Number(result.rows[0]?.n ?? 0) >= 2
  } finally {
    await client.end()
  }
}

test('control nodes on one PostgreSQL: a PutKey on node A wakes node B’s change feed', { skip }, async () => {
  const a = nodeA.controlPlane
  const b = nodeB.controlPlane
  assert.equal(a.state.databaseId, b.state.databaseId, 'one database, one identity')
  await waitFor(bothListening, { timeoutMs: 10_000, what: 'both nodes to LISTEN' })

  const store = await a.keyValueStores.createKeyValueStore({ name: 'across-nodes' })
  const seenOnB: SyncChange[] = []
  const subscription = b.feed.subscribe(await b.state.latestRevision(), (changes) => seenOnB.push(...changes))
  try {
    const etag = (await a.keys.describeKeyValueStore(store.arn)).etag
    const put = await a.keys.putKey(store.arn, { key: 'k', value: 'from A', ifMatch: etag })
    const change = await waitFor(() => seenOnB.find((c) => c.revision === put.revision), {
      timeoutMs: 10_000,
      what: "node B's feed to hand out node A's PutKey",
    })
    assert.deepEqual(change.payload, { storeId: store.id, key: 'k', value: 'from A' })
    // B serves the key A wrote, from the one database.
    assert.equal((await b.keys.getKey(store.arn, 'k')).value, 'from A')
  } finally {
    subscription.close()
  }
})
