import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import {
  ConflictException,
  DescribeKeyValueStoreCommand,
  ListKeysCommand,
  UpdateKeysCommand,
} from '@aws-sdk/client-cloudfront-keyvaluestore'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'

let t: TestControlPlane
before(async () => {
  t = await startTestControlPlane()
})
after(() => t.stop())

test('UpdateKeys: of many concurrent calls with the same ETag, exactly one succeeds', async () => {
  const store = await t.controlPlane.keyValueStores.createKeyValueStore({ name: 'contended' })
  const { ETag: etag } = await t.client.send(new DescribeKeyValueStoreCommand({ KvsARN: store.arn }))
  const callers = 40
  const results = await Promise.allSettled(
    Array.from({ length: callers }, (_, i) =>
      t.client.send(
        new UpdateKeysCommand({
          KvsARN: store.arn,
          IfMatch: etag,
          Puts: [{ Key: `writer-${i}`, Value: String(i) }],
        }),
      ),
    ),
  )
  const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ i, etag: r.value.ETag }] : []))
  const lost = results.filter((r) => r.status === 'rejected')
  assert.equal(won.length, 1)
  assert.equal(lost.length, callers - 1)
  for (const r of lost) assert.ok((r as PromiseRejectedResult).reason instanceof ConflictException)
  const items = (await t.client.send(new ListKeysCommand({ KvsARN: store.arn }))).Items
  assert.deepEqual(items, [{ Key: `writer-${won[0]!.i}`, Value: String(won[0]!.i) }])
  const d = await t.client.send(new DescribeKeyValueStoreCommand({ KvsARN: store.arn }))
  assert.equal(d.ETag, won[0]!.etag)
  assert.equal(d.ItemCount, 1)
})
