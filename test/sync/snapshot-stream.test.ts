import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { startControlPlane } from '../../src/control/control-plane.js'
import { type EdgeNode, startEdgeNode } from '../../src/edge/index.js'
import { SNAPSHOT_BATCH_BYTES } from '../../src/sync/index.js'
import { TEST_CREDENTIALS } from '../helpers/control-plane.js'
import { fullStoreFile } from '../helpers/import-files.js'
import { fetchSnapshot } from '../helpers/sync-snapshot.js'
import { waitFor } from '../helpers/wait-for.js'

const EDGE_TOKEN = 'vet_test-edge-token'
let root: string

before(() => {
  root = mkdtempSync(join(tmpdir(), 'verge-snapshot-stream-'))
})
after(() => rmSync(root, { recursive: true, force: true }))

test('snapshot stream: an edge joining a control plane with a few MB of stores reaches the latest revision', async () => {
  const cp = await startControlPlane({
    dataDir: join(root, 'control'),
    credentials: TEST_CREDENTIALS,
    edgeToken: EDGE_TOKEN,
  })
  let edge: EdgeNode | undefined
  try {
    // Three stores of about 1.5 MB: each streams in more than one entries part.
    const file = fullStoreFile(Math.ceil(1.5 * SNAPSHOT_BATCH_BYTES))
    const stores = []
    for (const name of ['one', 'two', 'three']) {
      const store = await cp.keyValueStores.createKeyValueStore({ name })
      const imported = await cp.keyValueStores.importKeyValueStore(name, {
        bytes: Buffer.from(file.text),
        ifMatch: store.dataEtag,
      })
      stores.push({ ...store, etag: imported.etag })
    }
    const last = stores[2]!
    await cp.keys.putKey(last.arn, { key: 'latest', value: 'yes', ifMatch: last.etag })
    const latest = await cp.state.latestRevision()
    const expected = await fetchSnapshot(cp.url, EDGE_TOKEN)
    assert.equal(expected.revision, latest)

    edge = await startEdgeNode({
      controlUrl: cp.url,
      token: EDGE_TOKEN,
      dataDir: join(root, 'edge'),
      name: 'joining',
    })
    const joined = edge
    await waitFor(() => joined.revision === latest, { what: 'the latest revision' })
    // The stores are in the replica database, read as the edge's functions read them.
    for (const store of stores) {
      const held = joined.replica.keyValueStore(store.id)
      assert.equal(held?.meta().keyCount, store === last ? file.count + 1 : file.count, store.name)
      assert.equal(held?.get('key-000000'), 'v'.repeat(1000))
    }
    assert.equal(joined.replica.keyValueStore(last.id)?.get('latest'), 'yes')
    // Every key of every store, as the control plane has them at that revision.
    for (const store of expected.keyValueStores) {
      const held = joined.replica.keyValueStore(store.id)
      assert.equal(held?.meta().keyCount, store.entries.length, store.name)
      for (const [key, value] of store.entries) assert.equal(held?.get(key), value, `${store.name} ${key}`)
    }
  } finally {
    await edge?.close()
    await cp.close()
  }
})
