import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import {
  DescribeKeyValueStoreCommand,
  GetKeyCommand,
  ListKeysCommand,
  PutKeyCommand,
} from '@aws-sdk/client-cloudfront-keyvaluestore'
import { createImportSourceReader } from '../../src/control/import/read-import-source.js'
import { createKeyValueStoreService } from '../../src/control/services/index.js'
import { createSqliteStateStore } from '../../src/control/state/sqlite-state-store.js'
import { TEST_CREDENTIALS } from '../helpers/control-plane.js'
import { type ControlProcess, spawnControlPlane } from '../helpers/control-process.js'
import { createKvsClient } from '../helpers/kvs-client.js'

const dataDir = mkdtempSync(join(tmpdir(), 'verge-crash-'))
const env = {
  VERGE_DATA_DIR: dataDir,
  VERGE_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  VERGE_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
}
const processes: ControlProcess[] = []
after(async () => {
  for (const p of processes)
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
  await Promise.all(processes.map((p) => p.exited))
  rmSync(dataDir, { recursive: true, force: true })
})

test('durability: every acknowledged write survives SIGKILL of the control plane', async () => {
  // Create the store in the data directory first, as a previous run would have.
  const state = createSqliteStateStore({ dataDir })
  const importer = createImportSourceReader()
  const store = await createKeyValueStoreService({
    state,
    accountId: '000000000000',
    readImportSource: importer.read,
  }).createKeyValueStore({ name: 'crash' })
  importer.destroy()
  await state.close()

  const first = await spawnControlPlane(env)
  processes.push(first)
  const client = createKvsClient({ url: first.url, credentials: TEST_CREDENTIALS })
  const acknowledged = new Map<string, string>()
  let etag = (await client.send(new DescribeKeyValueStoreCommand({ KvsARN: store.arn }))).ETag
  let inFlight: Promise<unknown> | undefined
  for (let i = 0; i < 150; i++) {
    const key = `k${String(i).padStart(4, '0')}`
    const put = client.send(
      new PutKeyCommand({ KvsARN: store.arn, Key: key, Value: `value-${i}`, IfMatch: etag }),
    )
    if (i === 149) {
      // Kill while this last write is in flight, right after the previous acknowledgements.
      inFlight = put.catch(() => undefined)
      break
    }
    etag = (await put).ETag
    acknowledged.set(key, `value-${i}`)
  }
  first.child.kill('SIGKILL')
  assert.equal(await first.exited, 'SIGKILL')
  await inFlight
  client.destroy()

  const second = await spawnControlPlane(env)
  processes.push(second)
  const after = createKvsClient({ url: second.url, credentials: TEST_CREDENTIALS })
  try {
    for (const [key, value] of acknowledged) {
      assert.equal((await after.send(new GetKeyCommand({ KvsARN: store.arn, Key: key }))).Value, value)
    }
    const d = await after.send(new DescribeKeyValueStoreCommand({ KvsARN: store.arn }))
    // The in-flight write may or may not have committed; every acknowledged one did.
    assert.ok(d.ItemCount === acknowledged.size || d.ItemCount === acknowledged.size + 1)
    if (d.ItemCount === acknowledged.size) assert.equal(d.ETag, etag)
    let listed = 0
    let token: string | undefined
    do {
      const page = await after.send(
        new ListKeysCommand({ KvsARN: store.arn, MaxResults: 50, NextToken: token }),
      )
      listed += page.Items?.length ?? 0
      token = page.NextToken
    } while (token)
    assert.equal(listed, d.ItemCount)
  } finally {
    after.destroy()
  }
  second.child.kill('SIGTERM')
  assert.equal(await second.exited, 0, 'SIGTERM closes cleanly')
})
