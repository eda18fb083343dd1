import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { startControlPlane } from '../../src/control/control-plane.js'
import { type EdgeNode, startEdgeNode } from '../../src/edge/index.js'
import { EDGES_PATH } from '../../src/sync/protocol.js'
import { TEST_CREDENTIALS } from '../helpers/control-plane.js'
import { waitFor } from '../helpers/wait-for.js'

const EDGE_TOKEN = 'vet_test-edge-token'
let root: string

before(() => {
  root = mkdtempSync(join(tmpdir(), 'verge-sync-'))
})
after(() => rmSync(root, { recursive: true, force: true }))

function dirs(name: string) {
  return { control: join(root, name, 'control'), edge: (n: number) => join(root, name, `edge-${n}`) }
}

async function control(dataDir: string, port = 0) {
  return startControlPlane({ dataDir, port, credentials: TEST_CREDENTIALS, edgeToken: EDGE_TOKEN })
}

async function edge(url: string, dataDir: string, name: string): Promise<EdgeNode> {
  return startEdgeNode({ controlUrl: url, token: EDGE_TOKEN, dataDir, name })
}

test('replication: an edge takes a snapshot, then streams every key change', async () => {
  const d = dirs('stream')
  const cp = await control(d.control)
  const edges: EdgeNode[] = []
  try {
    const store = await cp.keyValueStores.createKeyValueStore({ name: 'config' })
    let etag = (
      await cp.keys.putKey(store.arn, { key: 'hello', value: 'Hello World', ifMatch: store.dataEtag })
    ).etag
    for (let i = 0; i < 3; i++) edges.push(await edge(cp.url, d.edge(i), `edge-${i}`))
    for (const e of edges) {
      await waitFor(() => e.replica.keyValueStore(store.id)?.get('hello') === 'Hello World', {
        what: 'the snapshot',
      })
    }
    etag = (await cp.keys.putKey(store.arn, { key: 'blog', value: 'blog-v1', ifMatch: etag })).etag
    etag = (
      await cp.keys.updateKeys(store.arn, {
        puts: [{ key: 'blog', value: 'blog-v2' }],
        deletes: ['hello'],
        ifMatch: etag,
      })
    ).etag
    for (const e of edges) {
      await waitFor(() => e.replica.keyValueStore(store.id)?.get('blog') === 'blog-v2', { what: 'blog-v2' })
      assert.equal(e.replica.keyValueStore(store.id)?.get('hello'), undefined)
    }
  } finally {
    for (const e of edges) await e.close()
    await cp.close()
  }
})

test('replication: the control plane knows each edge, its applied revision and lag', async () => {
  const d = dirs('registry')
  const cp = await control(d.control)
  const e = await edge(cp.url, d.edge(0), 'edge-registry')
  try {
    // The write must reach the edge through its stream, not in its first snapshot.
    await waitFor(() => e.connected, { what: 'the stream' })
    const store = await cp.keyValueStores.createKeyValueStore({ name: 'registry' })
    const write = await cp.keys.putKey(store.arn, { key: 'k', value: 'v', ifMatch: store.dataEtag })
    const revision = write.revision ?? 0
    const listed = await waitFor(
      async () => {
        const response = await fetch(new URL(EDGES_PATH, cp.url), {
          headers: { authorization: `Bearer ${EDGE_TOKEN}` },
        })
        const body = (await response.json()) as {
          latestRevision: number
          edges: {
            name: string
            appliedRevision: number
            connected: boolean
            revisionsBehind: number
            lastPropagationMs?: number
          }[]
        }
        const found = body.edges.find((x) => x.name === 'edge-registry')
        return found !== undefined && found.appliedRevision >= revision ? { body, found } : undefined
      },
      { what: 'the edge to report its revision' },
    )
    assert.equal(listed.found.connected, true)
    assert.equal(listed.found.revisionsBehind, 0)
    assert.equal(typeof listed.found.lastPropagationMs, 'number')
    assert.equal(cp.edges.minConnectedRevision(), listed.body.latestRevision)
  } finally {
    await e.close()
    await cp.close()
  }
})

test('replication: the sync API refuses a wrong edge token', async () => {
  const d = dirs('token')
  const cp = await control(d.control)
  try {
    const response = await fetch(new URL(EDGES_PATH, cp.url), { headers: { authorization: 'Bearer wrong' } })
    assert.equal(response.status, 401)
  } finally {
    await cp.close()
  }
})

test('replication: with the control plane down the edge keeps its data, and catches up when it returns', async () => {
  const d = dirs('outage')
  let cp = await control(d.control)
  const port = cp.port
  const e = await edge(cp.url, d.edge(0), 'edge-outage')
  try {
    const store = await cp.keyValueStores.createKeyValueStore({ name: 'outage' })
    await cp.keys.putKey(store.arn, { key: 'blog', value: 'blog-v1', ifMatch: store.dataEtag })
    await waitFor(() => e.replica.keyValueStore(store.id)?.get('blog') === 'blog-v1', { what: 'blog-v1' })
    await cp.close()
    await waitFor(() => !e.connected, { what: 'the edge to notice' })
    assert.equal(e.replica.keyValueStore(store.id)?.get('blog'), 'blog-v1')

    cp = await control(d.control, port)
    const current = await cp.keyValueStores.describeKeyValueStore('outage')
    await cp.keys.putKey(store.arn, { key: 'blog', value: 'blog-v2', ifMatch: current.dataEtag })
    await waitFor(() => e.replica.keyValueStore(store.id)?.get('blog') === 'blog-v2', {
      what: 'catch-up',
      timeoutMs: 15000,
    })
  } finally {
    await e.close()
    await cp.close()
  }
})

test('replication: an edge restarted while the control plane is down serves its disk snapshot', async () => {
  const d = dirs('restart')
  const cp = await control(d.control)
  let e = await edge(cp.url, d.edge(0), 'edge-restart')
  const url = cp.url
  const store = await cp.keyValueStores.createKeyValueStore({ name: 'restart' })
  await cp.keys.putKey(store.arn, { key: 'hello', value: 'Hello World', ifMatch: store.dataEtag })
  await waitFor(() => e.replica.keyValueStore(store.id)?.get('hello') === 'Hello World', { what: 'the key' })
  const revision = e.revision
  await e.close()
  await cp.close()
  e = await edge(url, d.edge(0), 'edge-restart')
  try {
    assert.equal(e.revision, revision)
    assert.equal(e.replica.keyValueStore(store.id)?.get('hello'), 'Hello World')
    assert.equal(e.connected, false)
  } finally {
    await e.close()
  }
})

test('replication: an edge ahead of the control plane (a different database) takes a new snapshot when the operator accepts it', async () => {
  const first = dirs('ahead-1')
  const second = dirs('ahead-2')
  const cpA = await control(first.control)
  const storeA = await cpA.keyValueStores.createKeyValueStore({ name: 'a' })
  let etag = storeA.dataEtag
  for (let i = 0; i < 5; i++)
    etag = (await cpA.keys.putKey(storeA.arn, { key: `k${i}`, value: 'v', ifMatch: etag })).etag
  let e = await edge(cpA.url, first.edge(0), 'edge-ahead')
  await waitFor(() => e.replica.keyValueStore(storeA.id)?.get('k4') === 'v', { what: 'k4' })
  await e.close()
  await cpA.close()

  const cpB = await control(second.control)
  try {
    const storeB = await cpB.keyValueStores.createKeyValueStore({ name: 'b' })
    await cpB.keys.putKey(storeB.arn, { key: 'only-b', value: 'yes', ifMatch: storeB.dataEtag })
    // Without acceptNewControlPlane the edge refuses (test/integrity/database-identity.test.ts).
    e = await startEdgeNode({
      controlUrl: cpB.url,
      token: EDGE_TOKEN,
      dataDir: first.edge(0),
      name: 'edge-ahead',
      acceptNewControlPlane: true,
    })
    await waitFor(() => e.replica.keyValueStore(storeB.id)?.get('only-b') === 'yes', {
      what: 'the new snapshot',
    })
    assert.equal(e.replica.keyValueStore(storeA.id), undefined)
  } finally {
    await e.close()
    await cpB.close()
  }
})
