import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ControlError } from '../../errors.js'
import { createSqliteStateStore } from '../../state/sqlite-state-store.js'
import type { StateStore } from '../../state/state-store.js'
import { createKeyValueStoreService, type KeyValueStoreService } from './key-value-stores.js'
import { createKeyService, type KeyService } from './keys.js'

let dataDir: string
let state: StateStore
let stores: KeyValueStoreService
let keys: KeyService
before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'verge-keys-'))
  state = createSqliteStateStore({ dataDir })
  const readImportSource = async () => new Uint8Array()
  stores = createKeyValueStoreService({ state, accountId: '000000000000', readImportSource })
  keys = createKeyService({
    state,
    accountId: '000000000000',
    limits: { maxKeyBytes: 8, maxValueBytes: 8, maxStoreBytes: 40, maxUpdateKeysEntries: 3 },
  })
})
after(async () => {
  await state.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const code = (c: string) => (e: unknown) => e instanceof ControlError && e.code === c

test('putKey: a missing If-Match is InvalidIfMatchVersion; a stale one PreconditionFailed', async () => {
  const store = await stores.createKeyValueStore({ name: 'if-match' })
  await assert.rejects(
    keys.putKey(store.arn, { key: 'k', value: 'v', ifMatch: undefined }),
    code('InvalidIfMatchVersion'),
  )
  await assert.rejects(
    keys.putKey(store.arn, { key: 'k', value: 'v', ifMatch: 'KVSTALE' }),
    code('PreconditionFailed'),
  )
  const ok = await keys.putKey(store.arn, { key: 'k', value: 'v', ifMatch: store.dataEtag })
  assert.equal(ok.itemCount, 1)
})

test('updateKeys: duplicates and oversize batches are refused; an empty batch changes nothing', async () => {
  const store = await stores.createKeyValueStore({ name: 'batches' })
  const etag = store.dataEtag
  await assert.rejects(
    keys.updateKeys(store.arn, { puts: [{ key: 'a', value: '1' }], deletes: ['a'], ifMatch: etag }),
    code('InvalidArgument'),
  )
  await assert.rejects(
    keys.updateKeys(store.arn, { deletes: ['a', 'b', 'c', 'd'], ifMatch: etag }),
    code('EntityLimitExceeded'),
  )
  const revision = await state.latestRevision()
  const empty = await keys.updateKeys(store.arn, { ifMatch: etag })
  assert.equal(empty.etag, etag)
  assert.equal(await state.latestRevision(), revision)
})

test('putKey: the configured store limit counts UTF-8 key and value bytes', async () => {
  const store = await stores.createKeyValueStore({ name: 'small-limit' })
  let etag = store.dataEtag
  for (const key of ['k1', 'k2', 'k3', 'k4']) {
    etag = (await keys.putKey(store.arn, { key, value: 'éééé', ifMatch: etag })).etag
  }
  await assert.rejects(
    keys.putKey(store.arn, { key: 'k5', value: 'x', ifMatch: etag }),
    code('EntitySizeLimitExceeded'),
  )
  const replaced = await keys.putKey(store.arn, { key: 'k4', value: 'x', ifMatch: etag })
  assert.equal(replaced.totalSizeInBytes, 3 * 10 + 3)
})
