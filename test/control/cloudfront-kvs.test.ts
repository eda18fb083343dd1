import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  type CloudFrontClient,
  CreateKeyValueStoreCommand,
  DeleteKeyValueStoreCommand,
  DescribeKeyValueStoreCommand,
  ListKeyValueStoresCommand,
  UpdateKeyValueStoreCommand,
} from '@aws-sdk/client-cloudfront'
import { GetKeyCommand } from '@aws-sdk/client-cloudfront-keyvaluestore'
import { createCloudFrontClient } from '../helpers/cloudfront-client.js'
import { assertNothingStored, rejectsWith } from '../helpers/cloudfront-fixtures.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'

describe('CloudFront key value stores through @aws-sdk/client-cloudfront', () => {
  let t: TestControlPlane
  let cf: CloudFrontClient
  before(async () => {
    // ImportSource may name files in the data directory, the one import directory allowed here.
    const dataDir = mkdtempSync(join(tmpdir(), 'verge-control-'))
    t = await startTestControlPlane({ dataDir, importDir: dataDir })
    cf = createCloudFrontClient({ url: t.controlPlane.url, credentials: t.controlPlane.credentials })
  })
  after(async () => {
    cf.destroy()
    await t.stop()
  })

  test('CreateKeyValueStore, DescribeKeyValueStore: 201 READY store with ETag and Location', async () => {
    const created = await cf.send(new CreateKeyValueStoreCommand({ Name: 'kvs-a', Comment: 'first' }))
    assert.equal(created.$metadata.httpStatusCode, 201)
    const store = created.KeyValueStore
    assert.match(store?.Id ?? '', /^[0-9a-f-]{36}$/)
    assert.equal(store?.ARN, `arn:aws:cloudfront::000000000000:key-value-store/${store?.Id}`)
    assert.equal(store?.Status, 'READY')
    assert.equal(store?.Comment, 'first')
    assert.ok(store?.LastModifiedTime instanceof Date)
    assert.equal(created.Location, `${t.controlPlane.url}/2020-05-31/key-value-store/${store?.ARN}`)
    const described = await cf.send(new DescribeKeyValueStoreCommand({ Name: 'kvs-a' }))
    assert.equal(described.ETag, created.ETag)
    assert.deepEqual(described.KeyValueStore, store)
    const bare = await cf.send(new CreateKeyValueStoreCommand({ Name: 'kvs-no-comment' }))
    assert.equal(bare.KeyValueStore?.Comment, '')
  })

  test('CreateKeyValueStore: ImportSource imports the file, PROVISIONING then READY', async () => {
    const file = join(t.dataDir, 'seed.json')
    writeFileSync(file, JSON.stringify({ data: [{ key: 'hello', value: 'Hello World' }] }))
    const created = await cf.send(
      new CreateKeyValueStoreCommand({
        Name: 'kvs-import',
        ImportSource: { SourceType: 'S3', SourceARN: file },
      }),
    )
    assert.equal(created.KeyValueStore?.Status, 'PROVISIONING')
    await t.controlPlane.keyValueStores.importsSettled()
    const described = await cf.send(new DescribeKeyValueStoreCommand({ Name: 'kvs-import' }))
    assert.equal(described.KeyValueStore?.Status, 'READY')
    const got = await t.client.send(new GetKeyCommand({ KvsARN: created.KeyValueStore?.ARN, Key: 'hello' }))
    assert.equal(got.Value, 'Hello World')
  })

  test('CreateKeyValueStore: duplicate and invalid names are refused, nothing stored', async () => {
    await cf.send(new CreateKeyValueStoreCommand({ Name: 'kvs-dup' }))
    await assertNothingStored(t.controlPlane.state, async () => {
      await rejectsWith(
        cf.send(new CreateKeyValueStoreCommand({ Name: 'kvs-dup' })),
        'EntityAlreadyExists',
        409,
      )
      await rejectsWith(cf.send(new CreateKeyValueStoreCommand({ Name: 'bad name' })), 'InvalidArgument', 400)
      await rejectsWith(
        cf.send(new CreateKeyValueStoreCommand({ Name: 'kvs-long-comment', Comment: 'x'.repeat(129) })),
        'InvalidArgument',
        400,
      )
    })
  })

  test('UpdateKeyValueStore: If-Match required and current; a new ETag', async () => {
    const created = await cf.send(new CreateKeyValueStoreCommand({ Name: 'kvs-update' }))
    await assertNothingStored(t.controlPlane.state, async () => {
      await rejectsWith(
        cf.send(new UpdateKeyValueStoreCommand({ Name: 'kvs-update', Comment: 'x', IfMatch: undefined })),
        'InvalidIfMatchVersion',
        400,
      )
      await rejectsWith(
        cf.send(new UpdateKeyValueStoreCommand({ Name: 'kvs-update', Comment: 'x', IfMatch: 'EOLD' })),
        'PreconditionFailed',
        412,
      )
      await rejectsWith(
        cf.send(new UpdateKeyValueStoreCommand({ Name: 'kvs-none', Comment: 'x', IfMatch: created.ETag })),
        'EntityNotFound',
        404,
      )
    })
    const updated = await cf.send(
      new UpdateKeyValueStoreCommand({ Name: 'kvs-update', Comment: 'second', IfMatch: created.ETag }),
    )
    assert.equal(updated.KeyValueStore?.Comment, 'second')
    assert.ok(updated.ETag !== undefined && updated.ETag !== created.ETag)
  })

  test('ListKeyValueStores: paged with MaxItems and NextMarker, sorted by name', async () => {
    for (const name of ['list-kvs-b', 'list-kvs-a', 'list-kvs-c']) {
      await cf.send(new CreateKeyValueStoreCommand({ Name: name }))
    }
    const names: string[] = []
    let marker: string | undefined
    do {
      const page = await cf.send(new ListKeyValueStoresCommand({ MaxItems: 2, Marker: marker }))
      assert.ok((page.KeyValueStoreList?.Items?.length ?? 0) <= 2)
      names.push(...(page.KeyValueStoreList?.Items ?? []).map((s) => s.Name ?? ''))
      marker = page.KeyValueStoreList?.NextMarker
    } while (marker !== undefined)
    assert.deepEqual(names, [...names].sort())
    assert.ok(['list-kvs-a', 'list-kvs-b', 'list-kvs-c'].every((n) => names.includes(n)))
  })

  test('DeleteKeyValueStore: 204, then EntityNotFound', async () => {
    const created = await cf.send(new CreateKeyValueStoreCommand({ Name: 'kvs-delete' }))
    await rejectsWith(
      cf.send(new DeleteKeyValueStoreCommand({ Name: 'kvs-delete', IfMatch: 'EOLD' })),
      'PreconditionFailed',
      412,
    )
    const deleted = await cf.send(
      new DeleteKeyValueStoreCommand({ Name: 'kvs-delete', IfMatch: created.ETag }),
    )
    assert.equal(deleted.$metadata.httpStatusCode, 204)
    await rejectsWith(
      cf.send(new DescribeKeyValueStoreCommand({ Name: 'kvs-delete' })),
      'EntityNotFound',
      404,
    )
    await rejectsWith(
      cf.send(new DeleteKeyValueStoreCommand({ Name: 'kvs-delete', IfMatch: created.ETag })),
      'EntityNotFound',
      404,
    )
  })
})
