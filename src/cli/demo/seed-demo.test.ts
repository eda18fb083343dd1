import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { startControlPlane } from '../../control/control-plane.js'
import { DEMO_ORIGIN_ID, findDemoDistribution, seedDemo } from './seed-demo.js'

const credentials = { accessKeyId: 'AKIDSEEDTEST', secretAccessKey: 'seed-test-secret' }

test('seedDemo: installs the demo once, then only follows the origin port', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'verge-seed-'))
  const cp = await startControlPlane({ dataDir, credentials, edgeToken: 'vet_seed' })
  try {
    const first = await seedDemo(cp, { originPort: 4001 })
    assert.equal(first.created, true)
    assert.ok(first.distributionId)
    const store = await cp.keyValueStores.describeKeyValueStore('demo')
    assert.equal((await cp.keys.getKey(store.arn, 'hello')).value, 'Hello World')
    assert.equal((await cp.keys.getKey(store.arn, 'blog')).value, 'blog-v1')
    for (const name of ['key-echo', 'blog-router']) {
      const live = await cp.functions.describeFunction(name, 'LIVE')
      assert.deepEqual(live.keyValueStoreArns, [store.arn])
    }
    const distribution = await findDemoDistribution(cp)
    assert.equal(distribution?.id, first.distributionId)
    const config = distribution?.edgeConfig
    assert.equal(config?.CacheBehaviors[0]?.PathPattern, '/blog/*')
    assert.match(
      config?.CacheBehaviors[0]?.FunctionAssociations[0]?.FunctionARN ?? '',
      /function\/blog-router$/,
    )
    assert.match(
      config?.DefaultCacheBehavior.FunctionAssociations[0]?.FunctionARN ?? '',
      /function\/key-echo$/,
    )
    assert.equal(config?.Origins[0]?.CustomOriginConfig?.HTTPPort, 4001)

    // The user's edits survive a restart.
    const data = await cp.keys.describeKeyValueStore(store.arn)
    await cp.keys.putKey(store.arn, { key: 'blog', value: 'blog-v2', ifMatch: data.etag })
    const again = await seedDemo(cp, { originPort: 4001 })
    assert.deepEqual(again, { ...first, created: false, originUpdated: false })
    assert.equal((await cp.keys.getKey(store.arn, 'blog')).value, 'blog-v2')
    assert.equal((await cp.functions.listFunctions()).items.length, 2)

    const moved = await seedDemo(cp, { originPort: 4002 })
    assert.equal(moved.originUpdated, true)
    const updated = await findDemoDistribution(cp)
    assert.equal(
      updated?.edgeConfig.Origins.find((o) => o.Id === DEMO_ORIGIN_ID)?.CustomOriginConfig?.HTTPPort,
      4002,
    )
    assert.equal((await cp.distributions.listDistributions()).items.length, 1)
  } finally {
    await cp.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
