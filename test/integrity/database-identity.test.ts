import assert from 'node:assert/strict'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { copyFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { type ControlPlane, startControlPlane } from '../../src/control/control-plane.js'
import { type EdgeNode, startEdgeNode, syncChannel } from '../../src/edge/index.js'
import { EDGES_PATH, type EdgeStatus } from '../../src/sync/protocol.js'
import { TEST_CREDENTIALS } from '../helpers/control-plane.js'
import { waitFor } from '../helpers/wait-for.js'

const EDGE_TOKEN = 'vet_test-edge-token'
let root: string
before(() => {
  root = mkdtempSync(join(tmpdir(), 'verge-identity-'))
})
after(() => rmSync(root, { recursive: true, force: true }))

const control = (dataDir: string, port = 0) =>
  startControlPlane({ dataDir, port, credentials: TEST_CREDENTIALS, edgeToken: EDGE_TOKEN })

const edge = (url: string, dataDir: string, acceptNewControlPlane = false) =>
  startEdgeNode({
    controlUrl: url,
    token: EDGE_TOKEN,
    dataDir,
    name: 'edge-identity',
    acceptNewControlPlane,
  })

/** What the control plane's Edges registry says about the test edge. */
async function listed(cp: ControlPlane): Promise<EdgeStatus | undefined> {
  const response = await fetch(new URL(EDGES_PATH, cp.url), {
    headers: { authorization: `Bearer ${EDGE_TOKEN}` },
  })
  const body = (await response.json()) as { edges: EdgeStatus[] }
  return body.edges.find((e) => e.name === 'edge-identity')
}

/** Collects the sync client's refusal messages while `fn` runs. */
async function withRefusals<T>(fn: (messages: string[]) => Promise<T>): Promise<T> {
  const messages: string[] = []
  const onMessage = (message: unknown) => {
    const m = message as { event: string; message?: string }
    if (m.event === 'refused' && m.message !== undefined) messages.push(m.message)
  }
  subscribe(syncChannel.name, onMessage)
  try {
    return await fn(messages)
  } finally {
    unsubscribe(syncChannel.name, onMessage)
  }
}

/** A control plane with one store and key `hello`, and an edge that has applied it. */
async function syncedPair(name: string) {
  const controlDir = join(root, name, 'control')
  const edgeDir = join(root, name, 'edge')
  const cp = await control(controlDir)
  const store = await cp.keyValueStores.createKeyValueStore({ name: 'from-a' })
  await cp.keys.putKey(store.arn, { key: 'hello', value: 'from database A', ifMatch: store.dataEtag })
  const e = await edge(cp.url, edgeDir)
  await waitFor(() => e.replica.keyValueStore(store.id)?.get('hello') === 'from database A', { what: 'A' })
  return { cp, e, store, controlDir, edgeDir }
}

test('identity: an edge whose control plane restarts on a fresh database keeps serving its data and says why', async () => {
  const { cp: a, e, store, controlDir } = await syncedPair('lost')
  let b: ControlPlane | undefined
  try {
    const port = a.port
    const revision = e.revision
    await a.close()
    // The database is lost: the control plane starts again, empty, on the same address.
    renameSync(controlDir, `${controlDir}.lost`)
    await withRefusals(async (messages) => {
      b = await control(controlDir, port)
      await waitFor(() => e.refused, { what: 'the refusal', timeoutMs: 10_000 })
      assert.equal(e.refused, 'database-identity-mismatch')
      assert.equal(e.connected, false)
      assert.equal(e.revision, revision)
      assert.equal(e.replica.keyValueStore(store.id)?.get('hello'), 'from database A')
      assert.match(messages[0] ?? '', /not the one this edge's data came from.*--accept-new-control-plane/)
      const status = await waitFor(async () => {
        const found = await listed(b as ControlPlane)
        return found?.refused === undefined ? undefined : found
      })
      assert.equal(status.refused, 'database-identity-mismatch')
      assert.equal(status.connected, false)
      // It checks again with backoff and keeps refusing.
      await waitFor(() => messages.length >= 2, { what: 'a second check', timeoutMs: 10_000 })
      assert.equal(e.replica.keyValueStore(store.id)?.get('hello'), 'from database A')
    })
  } finally {
    await e.close()
    await b?.close()
  }
})

test('identity: an edge pointed at another database keeps its data; with --accept-new-control-plane it takes it', async () => {
  const { cp: a, e: first, store, edgeDir } = await syncedPair('other')
  await first.close()
  await a.close()
  const b = await control(join(root, 'other', 'control-b'))
  const storeB = await b.keyValueStores.createKeyValueStore({ name: 'from-b' })
  await b.keys.putKey(storeB.arn, { key: 'hello', value: 'from database B', ifMatch: storeB.dataEtag })
  let e: EdgeNode | undefined
  try {
    e = await edge(b.url, edgeDir)
    await waitFor(() => e?.refused, { what: 'the refusal' })
    assert.equal(e.replica.keyValueStore(store.id)?.get('hello'), 'from database A')
    assert.equal(e.replica.keyValueStore(storeB.id), undefined)
    await e.close()

    e = await edge(b.url, edgeDir, true)
    await waitFor(() => e?.replica.keyValueStore(storeB.id)?.get('hello') === 'from database B', {
      what: "B's snapshot",
    })
    assert.equal(e.replica.keyValueStore(store.id), undefined)
    assert.equal(e.refused, undefined)
    await waitFor(() => e?.connected, { what: 'the stream' })
    // From now on it follows B; without the flag again, B is its database.
    await e.close()
    e = await edge(b.url, edgeDir)
    const current = await b.keyValueStores.describeKeyValueStore('from-b')
    await b.keys.putKey(storeB.arn, { key: 'next', value: 'v', ifMatch: current.dataEtag })
    await waitFor(() => e?.replica.keyValueStore(storeB.id)?.get('next') === 'v', { what: 'the stream of B' })
    assert.equal((await listed(b))?.refused, undefined)
  } finally {
    await e?.close()
    await b.close()
  }
})

test('identity: a control plane restored to an older copy of its database (behind the edge) is refused', async () => {
  const { cp: a, e, store, controlDir } = await syncedPair('behind')
  let restored: ControlPlane | undefined
  try {
    const port = a.port
    await a.close()
    copyFileSync(join(controlDir, 'verge.db'), join(root, 'behind', 'backup.db'))
    const again = await control(controlDir, port)
    const current = await again.keyValueStores.describeKeyValueStore('from-a')
    await again.keys.putKey(store.arn, {
      key: 'later',
      value: 'only after the backup',
      ifMatch: current.dataEtag,
    })
    await waitFor(() => e.replica.keyValueStore(store.id)?.get('later') !== undefined, {
      what: 'the later key',
    })
    await again.close()
    // The operator restores the older copy: the same database identity, fewer revisions.
    for (const suffix of ['-wal', '-shm']) rmSync(join(controlDir, `verge.db${suffix}`), { force: true })
    copyFileSync(join(root, 'behind', 'backup.db'), join(controlDir, 'verge.db'))
    restored = await control(controlDir, port)
    await waitFor(() => e.refused, { what: 'the refusal', timeoutMs: 10_000 })
    assert.equal(e.refused, 'control-plane-behind')
    assert.equal(e.replica.keyValueStore(store.id)?.get('later'), 'only after the backup')
  } finally {
    await e.close()
    await restored?.close()
  }
})
