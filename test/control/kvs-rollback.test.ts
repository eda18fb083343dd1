import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import {
  DeleteKeyCommand,
  DescribeKeyValueStoreCommand,
  ListKeysCommand,
  PutKeyCommand,
  UpdateKeysCommand,
} from '@aws-sdk/client-cloudfront-keyvaluestore'
import { ControlError } from '../../src/control/errors.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'

let t: TestControlPlane
before(async () => {
  t = await startTestControlPlane()
})
after(() => t.stop())

async function content(arn: string): Promise<Record<string, string>> {
  const items = (await t.client.send(new ListKeysCommand({ KvsARN: arn, MaxResults: 50 }))).Items ?? []
  return Object.fromEntries(items.map((i) => [i.Key!, i.Value!]))
}

test('rollback: restores exactly the content at an earlier revision, as a new revision', async () => {
  const kvs = t.controlPlane.keyValueStores
  const store = await kvs.createKeyValueStore({ name: 'history' })
  const created = await t.controlPlane.state.latestRevision()
  let etag = (await t.client.send(new DescribeKeyValueStoreCommand({ KvsARN: store.arn }))).ETag
  const snapshots: { revision: number; content: Record<string, string> }[] = [
    { revision: created, content: {} },
  ]
  const writes = [
    () => new PutKeyCommand({ KvsARN: store.arn, Key: 'a', Value: '1', IfMatch: etag }),
    () => new PutKeyCommand({ KvsARN: store.arn, Key: 'b', Value: '2', IfMatch: etag }),
    () =>
      new UpdateKeysCommand({
        KvsARN: store.arn,
        IfMatch: etag,
        Puts: [
          { Key: 'a', Value: '3' },
          { Key: 'c', Value: '4' },
        ],
        Deletes: [{ Key: 'b' }],
      }),
    () => new DeleteKeyCommand({ KvsARN: store.arn, Key: 'a', IfMatch: etag }),
    () => new PutKeyCommand({ KvsARN: store.arn, Key: 'd', Value: '5', IfMatch: etag }),
  ]
  for (const write of writes) {
    // biome-ignore lint/suspicious/noExplicitAny: the commands share one output shape
    etag = ((await t.client.send(write() as any)) as { ETag?: string }).ETag
    snapshots.push({
      revision: await t.controlPlane.state.latestRevision(),
      content: await content(store.arn),
    })
  }
  assert.deepEqual(snapshots.at(-1)?.content, { c: '4', d: '5' })

  const history = await kvs.listRevisions('history')
  assert.deepEqual(
    history.revisions.map((r) => r.kind),
    ['kvs.key.put', 'kvs.key.deleted', 'kvs.keys.updated', 'kvs.key.put', 'kvs.key.put', 'kvs.created'],
  )
  assert.deepEqual(history.revisions[2]?.changedKeys, ['b', 'a', 'c'])

  for (const target of [snapshots[2]!, snapshots[3]!, snapshots[0]!, snapshots[5]!]) {
    const latest = await t.controlPlane.state.latestRevision()
    const result = await kvs.rollbackKeyValueStore('history', { revision: target.revision })
    assert.equal(result.revision, latest + 1, 'a rollback is one new revision')
    assert.notEqual(result.etag, etag, 'a rollback changes the data ETag')
    etag = result.etag
    assert.deepEqual(await content(store.arn), target.content)
    const d = await t.client.send(new DescribeKeyValueStoreCommand({ KvsARN: store.arn }))
    assert.equal(d.ETag, result.etag)
    assert.equal(d.ItemCount, Object.keys(target.content).length)
    const [newest] = (await kvs.listRevisions('history', { maxItems: 1 })).revisions
    assert.equal(newest?.kind, 'kvs.rolledBack')
    assert.equal(newest?.toRevision, target.revision)
  }
  // A rollback is itself a revision one can go back to, and exports read any revision.
  assert.deepEqual(
    JSON.parse(await kvs.exportKeyValueStore('history', { revision: snapshots[2]!.revision })),
    {
      data: [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ],
    },
  )
})

test('rollback: a stale data ETag, a future revision or one before the store are refused', async () => {
  const kvs = t.controlPlane.keyValueStores
  const before = await t.controlPlane.state.latestRevision()
  const store = await kvs.createKeyValueStore({ name: 'rollback-refusals' })
  const put = await t.controlPlane.keys.putKey(store.arn, { key: 'k', value: 'v', ifMatch: store.dataEtag })
  const code = (c: string) => (e: unknown) => e instanceof ControlError && e.code === c
  await assert.rejects(
    kvs.rollbackKeyValueStore('rollback-refusals', { revision: put.revision!, ifMatch: store.dataEtag }),
    code('PreconditionFailed'),
  )
  await assert.rejects(
    kvs.rollbackKeyValueStore('rollback-refusals', { revision: put.revision! + 100 }),
    code('InvalidArgument'),
  )
  await assert.rejects(
    kvs.rollbackKeyValueStore('rollback-refusals', { revision: before }),
    code('InvalidArgument'),
  )
  assert.equal((await kvs.describeKeyValueStore('rollback-refusals')).dataEtag, put.etag)
  assert.equal(await t.controlPlane.state.latestRevision(), put.revision)
})

test('history: revisions page newest first with nextMarker', async () => {
  const kvs = t.controlPlane.keyValueStores
  const store = await kvs.createKeyValueStore({ name: 'paged-history' })
  let etag = store.dataEtag
  for (let i = 0; i < 5; i++)
    etag = (await t.controlPlane.keys.putKey(store.arn, { key: `k${i}`, value: 'v', ifMatch: etag })).etag
  const first = await kvs.listRevisions('paged-history', { maxItems: 4 })
  assert.equal(first.revisions.length, 4)
  assert.ok(first.nextMarker !== undefined)
  const second = await kvs.listRevisions('paged-history', { maxItems: 4, marker: first.nextMarker })
  assert.equal(second.revisions.length, 2)
  assert.equal(second.nextMarker, undefined)
  const all = [...first.revisions, ...second.revisions].map((r) => r.revision)
  assert.deepEqual(
    all,
    [...all].sort((a, b) => b - a),
  )
})
