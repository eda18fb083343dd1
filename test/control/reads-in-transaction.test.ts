import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import {
  createDistributionService,
  createFunctionService,
  createKeyService,
  createKeyValueStoreService,
  type DistributionConfig,
} from '../../src/control/services/index.js'
import { createSqliteStateStore } from '../../src/control/state/sqlite-state-store.js'
import type { StateStore } from '../../src/control/state/state-store.js'

/**
 * A read on the store itself while one of its transactions is open is a read outside that
 * transaction: on SQLite it happens to see the same data (one writer at a time), on PostgreSQL
 * another node may change it before the transaction commits, unseen by serializable checks.
 */
function watchReadsOutside(state: StateStore): { state: StateStore; outside: string[] } {
  const outside: string[] = []
  let open = 0
  const watched = new Proxy(state, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown
      if (typeof value !== 'function') return value
      if (property === 'transaction')
        return async (fn: Parameters<StateStore['transaction']>[0]) => {
          open++
          try {
            return await target.transaction(fn)
          } finally {
            open--
          }
        }
      return (...args: unknown[]) => {
        if (open > 0 && property !== 'close') outside.push(String(property))
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return { state: watched, outside }
}

let dataDir: string
let durable: StateStore
before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'verge-reads-'))
  durable = createSqliteStateStore({ dataDir })
})
after(async () => {
  await durable.close()
  rmSync(dataDir, { recursive: true, force: true })
})

test('services: every write reads the state only through its own transaction', async () => {
  const { state, outside } = watchReadsOutside(durable)
  const accountId = '000000000000'
  const functions = createFunctionService({ state, accountId })
  const stores = createKeyValueStoreService({
    state,
    accountId,
    readImportSource: async () => new Uint8Array(),
  })
  const keys = createKeyService({ state, accountId })
  const distributions = createDistributionService({ state, accountId })

  let store = await stores.createKeyValueStore({ name: 'watched' })
  const config = { comment: '', runtime: 'cloudfront-js-2.0', keyValueStoreArns: [store.arn] }
  const code = 'function handler(event) { return event.request }'
  const fn = await functions.createFunction({ name: 'watched-fn', config, code })
  await assert.rejects(
    stores.deleteKeyValueStore('watched', { ifMatch: store.etag }),
    (e: Error & { code?: string }) => e.code === 'CannotDeleteEntityWhileInUse',
  )
  const updated = await functions.updateFunction('watched-fn', { config, code, ifMatch: fn.etag })
  const live = await functions.publishFunction('watched-fn', { ifMatch: updated.etag })

  let etag = (
    await keys.putKey(store.arn, {
      key: 'k',
      value: 'v1',
      ifMatch: (await keys.describeKeyValueStore(store.arn)).etag,
    })
  ).etag
  etag = (
    await keys.updateKeys(store.arn, { puts: [{ key: 'k2', value: 'v' }], deletes: ['k'], ifMatch: etag })
  ).etag
  etag = (await keys.deleteKey(store.arn, { key: 'k2', ifMatch: etag })).etag
  const imported = await stores.importKeyValueStore('watched', {
    bytes: new TextEncoder().encode('{"data":[{"key":"a","value":"1"}]}'),
    ifMatch: etag,
  })
  await stores.rollbackKeyValueStore('watched', { revision: imported.revision, ifMatch: imported.etag })
  store = await stores.updateKeyValueStore('watched', { comment: 'c', ifMatch: store.etag })

  const tree: DistributionConfig = {
    CallerReference: 'watched',
    Comment: '',
    Enabled: true,
    Origins: [{ Id: 'o', DomainName: 'o.internal', S3OriginConfig: { OriginAccessIdentity: '' } }],
    DefaultCacheBehavior: {
      TargetOriginId: 'o',
      ViewerProtocolPolicy: 'allow-all',
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      FunctionAssociations: [{ FunctionARN: live.arn, EventType: 'viewer-request' }],
    },
  }
  const distribution = await distributions.createDistribution(tree)
  await assert.rejects(functions.deleteFunction('watched-fn', { ifMatch: live.etag }))
  const disabled = await distributions.updateDistribution(distribution.id, {
    config: { ...tree, Enabled: false },
    ifMatch: distribution.etag,
  })
  await distributions.deleteDistribution(distribution.id, { ifMatch: disabled.etag })
  await functions.deleteFunction('watched-fn', { ifMatch: live.etag })
  await stores.deleteKeyValueStore('watched', { ifMatch: store.etag })
  await stores.failInterruptedImports()

  assert.deepEqual(outside, [], 'reads on the store while a transaction was open')
})
