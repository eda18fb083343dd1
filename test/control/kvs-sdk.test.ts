import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-cloudfront-keyvaluestore'
import {
  CloudFrontKeyValueStoreServiceException,
  DeleteKeyCommand,
  DescribeKeyValueStoreCommand,
  GetKeyCommand,
  ListKeysCommand,
  PutKeyCommand,
  paginateListKeys,
  UpdateKeysCommand,
} from '@aws-sdk/client-cloudfront-keyvaluestore'
import type {
  BuildHandler,
  BuildHandlerArguments,
  FinalizeHandler,
  FinalizeHandlerArguments,
} from '@smithy/types'
import { startTestControlPlane, TEST_CREDENTIALS, type TestControlPlane } from '../helpers/control-plane.js'
import { createKvsClient } from '../helpers/kvs-client.js'

async function rejectsWith(promise: Promise<unknown>, name: string, status: number): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(
      error instanceof CloudFrontKeyValueStoreServiceException,
      `expected ${name}, got ${String(error)}`,
    )
    assert.equal(error.name, name)
    assert.equal(error.$metadata.httpStatusCode, status)
    return true
  })
}

describe('KVS data plane through @aws-sdk/client-cloudfront-keyvaluestore', () => {
  let t: TestControlPlane
  let counter = 0
  before(async () => {
    t = await startTestControlPlane()
  })
  after(() => t.stop())

  async function newStore(): Promise<{ arn: string; etag: string }> {
    const store = await t.controlPlane.keyValueStores.createKeyValueStore({ name: `sdk-${++counter}` })
    const described = await t.client.send(new DescribeKeyValueStoreCommand({ KvsARN: store.arn }))
    return { arn: store.arn, etag: described.ETag! }
  }

  async function etagOf(arn: string): Promise<string> {
    return (await t.client.send(new DescribeKeyValueStoreCommand({ KvsARN: arn }))).ETag!
  }

  test('DescribeKeyValueStore: an empty READY store with its data ETag', async () => {
    const store = await t.controlPlane.keyValueStores.createKeyValueStore({ name: 'describe-me' })
    const d = await t.client.send(new DescribeKeyValueStoreCommand({ KvsARN: store.arn }))
    assert.equal(d.KvsARN, `arn:aws:cloudfront::000000000000:key-value-store/${store.id}`)
    assert.equal(d.ItemCount, 0)
    assert.equal(d.TotalSizeInBytes, 0)
    assert.equal(d.Status, 'READY')
    assert.ok(d.Created instanceof Date && Math.abs(d.Created.getTime() - store.created.getTime()) < 1)
    assert.match(d.ETag ?? '', /^KV[0-9A-Z]{13}$/)
    // The data-plane ETag is not the control-plane one.
    assert.notEqual(d.ETag, store.etag)
  })

  test('PutKey, GetKey: stores a value, returns a new ETag and the UTF-8 size', async () => {
    const { arn, etag } = await newStore()
    const key = 'path/with spaces/é?#%'
    const put = await t.client.send(
      new PutKeyCommand({ KvsARN: arn, Key: key, Value: 'välue', IfMatch: etag }),
    )
    assert.equal(put.ItemCount, 1)
    assert.equal(put.TotalSizeInBytes, Buffer.byteLength(key) + Buffer.byteLength('välue'))
    assert.ok(put.ETag !== undefined && put.ETag !== etag)
    const got = await t.client.send(new GetKeyCommand({ KvsARN: arn, Key: key }))
    assert.equal(got.Key, key)
    assert.equal(got.Value, 'välue')
    assert.equal(got.ItemCount, 1)
    assert.equal(await etagOf(arn), put.ETag)
    const again = await t.client.send(
      new PutKeyCommand({ KvsARN: arn, Key: key, Value: 'v2', IfMatch: put.ETag }),
    )
    assert.equal(again.ItemCount, 1)
    assert.notEqual(again.ETag, put.ETag)
  })

  test('DeleteKey: removes the key; GetKey then answers ResourceNotFoundException', async () => {
    const { arn, etag } = await newStore()
    const put = await t.client.send(new PutKeyCommand({ KvsARN: arn, Key: 'k', Value: 'v', IfMatch: etag }))
    const deleted = await t.client.send(new DeleteKeyCommand({ KvsARN: arn, Key: 'k', IfMatch: put.ETag }))
    assert.equal(deleted.ItemCount, 0)
    assert.equal(deleted.TotalSizeInBytes, 0)
    assert.notEqual(deleted.ETag, put.ETag)
    await rejectsWith(
      t.client.send(new GetKeyCommand({ KvsARN: arn, Key: 'k' })),
      'ResourceNotFoundException',
      404,
    )
    await rejectsWith(
      t.client.send(new DeleteKeyCommand({ KvsARN: arn, Key: 'k', IfMatch: deleted.ETag })),
      'ResourceNotFoundException',
      404,
    )
    assert.equal(await etagOf(arn), deleted.ETag)
  })

  test('ListKeys: sorted by key, pages of MaxResults, no NextToken on the last page', async () => {
    const { arn, etag } = await newStore()
    const keys = Array.from({ length: 23 }, (_, i) => `key-${String(i).padStart(2, '0')}`).reverse()
    await t.client.send(
      new UpdateKeysCommand({
        KvsARN: arn,
        IfMatch: etag,
        Puts: keys.map((k) => ({ Key: k, Value: `v${k}` })),
      }),
    )
    const first = await t.client.send(new ListKeysCommand({ KvsARN: arn }))
    assert.equal(first.Items?.length, 10, 'MaxResults defaults to 10')
    assert.equal(first.Items?.[0]?.Key, 'key-00')
    assert.ok(first.NextToken)
    const seen: string[] = []
    let pages = 0
    for await (const page of paginateListKeys({ client: t.client, pageSize: 7 }, { KvsARN: arn })) {
      pages++
      assert.ok((page.Items?.length ?? 0) <= 7)
      for (const item of page.Items ?? []) seen.push(item.Key!)
    }
    assert.equal(pages, 4)
    assert.deepEqual(seen, [...keys].sort())
    const last = await t.client.send(new ListKeysCommand({ KvsARN: arn, MaxResults: 50 }))
    assert.equal(last.Items?.length, 23)
    assert.equal(last.NextToken, undefined)
  })

  test('ListKeys: MaxResults 0 or 51 is a ValidationException; a forged NextToken too', async () => {
    const { arn } = await newStore()
    await rejectsWith(
      t.client.send(new ListKeysCommand({ KvsARN: arn, MaxResults: 0 })),
      'ValidationException',
      400,
    )
    await rejectsWith(
      t.client.send(new ListKeysCommand({ KvsARN: arn, MaxResults: 51 })),
      'ValidationException',
      400,
    )
    await rejectsWith(
      t.client.send(new ListKeysCommand({ KvsARN: arn, NextToken: 'bm9wZQ' })),
      'ValidationException',
      400,
    )
  })

  test('UpdateKeys: puts and deletes in one step, one new ETag', async () => {
    const { arn, etag } = await newStore()
    const first = await t.client.send(
      new UpdateKeysCommand({
        KvsARN: arn,
        IfMatch: etag,
        Puts: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
      }),
    )
    assert.equal(first.ItemCount, 2)
    const second = await t.client.send(
      new UpdateKeysCommand({
        KvsARN: arn,
        IfMatch: first.ETag,
        Puts: [{ Key: 'c', Value: '3' }],
        Deletes: [{ Key: 'a' }],
      }),
    )
    assert.equal(second.ItemCount, 2)
    assert.equal(second.TotalSizeInBytes, 4)
    const items = (await t.client.send(new ListKeysCommand({ KvsARN: arn }))).Items
    assert.deepEqual(items, [
      { Key: 'b', Value: '2' },
      { Key: 'c', Value: '3' },
    ])
  })

  test('UpdateKeys: one bad entry refuses the whole batch and changes nothing', async () => {
    const { arn, etag } = await newStore()
    await rejectsWith(
      t.client.send(
        new UpdateKeysCommand({
          KvsARN: arn,
          IfMatch: etag,
          Puts: [
            { Key: 'ok', Value: 'v' },
            { Key: 'big', Value: 'x'.repeat(1025) },
          ],
        }),
      ),
      'ValidationException',
      400,
    )
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))
    await rejectsWith(
      t.client.send(new UpdateKeysCommand({ KvsARN: arn, IfMatch: etag, Puts: tooMany })),
      'ServiceQuotaExceededException',
      402,
    )
    assert.equal(await etagOf(arn), etag)
    assert.deepEqual((await t.client.send(new ListKeysCommand({ KvsARN: arn }))).Items, [])
  })

  test('stale If-Match: ConflictException 409, nothing written', async () => {
    const { arn, etag } = await newStore()
    const put = await t.client.send(new PutKeyCommand({ KvsARN: arn, Key: 'k', Value: 'v1', IfMatch: etag }))
    await rejectsWith(
      t.client.send(new PutKeyCommand({ KvsARN: arn, Key: 'k', Value: 'v2', IfMatch: etag })),
      'ConflictException',
      409,
    )
    await rejectsWith(
      t.client.send(new DeleteKeyCommand({ KvsARN: arn, Key: 'k', IfMatch: etag })),
      'ConflictException',
      409,
    )
    await rejectsWith(
      t.client.send(new UpdateKeysCommand({ KvsARN: arn, IfMatch: etag, Deletes: [{ Key: 'k' }] })),
      'ConflictException',
      409,
    )
    assert.equal((await t.client.send(new GetKeyCommand({ KvsARN: arn, Key: 'k' }))).Value, 'v1')
    assert.equal(await etagOf(arn), put.ETag)
  })

  test('unknown store: ResourceNotFoundException for every operation', async () => {
    const arn = 'arn:aws:cloudfront::000000000000:key-value-store/00000000-0000-4000-8000-000000000000'
    await rejectsWith(
      t.client.send(new DescribeKeyValueStoreCommand({ KvsARN: arn })),
      'ResourceNotFoundException',
      404,
    )
    await rejectsWith(
      t.client.send(new GetKeyCommand({ KvsARN: arn, Key: 'k' })),
      'ResourceNotFoundException',
      404,
    )
    await rejectsWith(t.client.send(new ListKeysCommand({ KvsARN: arn })), 'ResourceNotFoundException', 404)
    await rejectsWith(
      t.client.send(new PutKeyCommand({ KvsARN: arn, Key: 'k', Value: 'v', IfMatch: 'KVX' })),
      'ResourceNotFoundException',
      404,
    )
    const otherAccount =
      'arn:aws:cloudfront::123456789012:key-value-store/00000000-0000-4000-8000-000000000000'
    await rejectsWith(
      t.client.send(new DescribeKeyValueStoreCommand({ KvsARN: otherAccount })),
      'ResourceNotFoundException',
      404,
    )
  })

  test('limits: a key over 512 bytes or a value over 1024 bytes is a ValidationException', async () => {
    const { arn, etag } = await newStore()
    await rejectsWith(
      t.client.send(new PutKeyCommand({ KvsARN: arn, Key: 'é'.repeat(257), Value: 'v', IfMatch: etag })),
      'ValidationException',
      400,
    )
    await rejectsWith(
      t.client.send(new PutKeyCommand({ KvsARN: arn, Key: 'k', Value: 'é'.repeat(513), IfMatch: etag })),
      'ValidationException',
      400,
    )
    const atLimit = await t.client.send(
      new PutKeyCommand({ KvsARN: arn, Key: 'k'.repeat(512), Value: 'v'.repeat(1024), IfMatch: etag }),
    )
    assert.equal(atLimit.TotalSizeInBytes, 1536)
  })

  test('limits: growing a store past 5 MiB is ServiceQuotaExceededException, nothing written', async () => {
    const { arn, etag } = await newStore()
    let current = etag
    let size = 0
    const value = 'v'.repeat(1024)
    // 50 entries of 1,030 bytes a batch: 101 batches stay under 5,242,880 bytes, the next one passes it.
    for (let batch = 0; batch < 101; batch++) {
      const puts = Array.from({ length: 50 }, (_, i) => ({
        Key: `k${String(batch * 50 + i).padStart(5, '0')}`,
        Value: value,
      }))
      const out = await t.client.send(new UpdateKeysCommand({ KvsARN: arn, IfMatch: current, Puts: puts }))
      current = out.ETag!
      size = out.TotalSizeInBytes!
    }
    assert.equal(size, 101 * 50 * 1030)
    const overflow = Array.from({ length: 50 }, (_, i) => ({
      Key: `z${String(i).padStart(5, '0')}`,
      Value: value,
    }))
    await rejectsWith(
      t.client.send(new UpdateKeysCommand({ KvsARN: arn, IfMatch: current, Puts: overflow })),
      'ServiceQuotaExceededException',
      402,
    )
    const d = await t.client.send(new DescribeKeyValueStoreCommand({ KvsARN: arn }))
    assert.equal(d.TotalSizeInBytes, size)
    assert.equal(d.ItemCount, 101 * 50)
    assert.equal(d.ETag, current)
  })

  test('auth: a wrong secret, an unknown key, a stale date or a tampered signature is AccessDeniedException, nothing written', async () => {
    const { arn, etag } = await newStore()
    const wrongSecret = createKvsClient({
      url: t.controlPlane.url,
      credentials: { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' },
    })
    const unknownKey = createKvsClient({
      url: t.controlPlane.url,
      credentials: { accessKeyId: 'AKIDSOMEONEELSE', secretAccessKey: TEST_CREDENTIALS.secretAccessKey },
    })
    // Signs with a clock 30 minutes behind: outside the allowed skew.
    const stale = createKvsClient({
      url: t.controlPlane.url,
      credentials: TEST_CREDENTIALS,
      config: { systemClockOffset: -30 * 60 * 1000 },
    })
    const tampered = createKvsClient({ url: t.controlPlane.url, credentials: TEST_CREDENTIALS })
    tampered.middlewareStack.addRelativeTo(
      (next: FinalizeHandler<ServiceInputTypes, ServiceOutputTypes>) =>
        async (args: FinalizeHandlerArguments<ServiceInputTypes>) => {
          const request = args.request as { headers: Record<string, string> }
          const auth = request.headers.authorization ?? ''
          // Flip one hex digit of the signature.
          request.headers.authorization = auth.slice(0, -1) + (auth.endsWith('0') ? '1' : '0')
          return next(args)
        },
      { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'tamperSignature' },
    )
    try {
      for (const client of [wrongSecret, unknownKey, stale, tampered]) {
        await rejectsWith(
          client.send(new PutKeyCommand({ KvsARN: arn, Key: 'k', Value: 'v', IfMatch: etag })),
          'AccessDeniedException',
          403,
        )
        // After a refusal the SDK corrects its clock from the response's Date header, so the
        // stale client's next request would be in time: it gets one try.
        if (client === stale) continue
        await rejectsWith(
          client.send(new GetKeyCommand({ KvsARN: arn, Key: 'k' })),
          'AccessDeniedException',
          403,
        )
      }
    } finally {
      wrongSecret.destroy()
      unknownKey.destroy()
      stale.destroy()
      tampered.destroy()
    }
    assert.equal(await etagOf(arn), etag)
    assert.deepEqual((await t.client.send(new ListKeysCommand({ KvsARN: arn }))).Items, [])
  })

  test('request bodies: malformed JSON is a ValidationException; an oversized body too', async () => {
    const { arn, etag } = await newStore()
    const rewrite = (body: string) => {
      const client = createKvsClient({ url: t.controlPlane.url, credentials: TEST_CREDENTIALS })
      // Replace the body before signing, so the request is validly signed.
      client.middlewareStack.add(
        (next: BuildHandler<ServiceInputTypes, ServiceOutputTypes>) =>
          async (args: BuildHandlerArguments<ServiceInputTypes>) => {
            const request = args.request as { body: unknown; headers: Record<string, string> }
            request.body = body
            request.headers['content-length'] = String(Buffer.byteLength(body))
            return next(args)
          },
        { step: 'build', name: 'rewriteBody' },
      )
      return client
    }
    const malformed = rewrite('{"Value": ')
    const notAnObject = rewrite('["Value"]')
    const huge = rewrite(JSON.stringify({ Value: 'x'.repeat(5 * 1024 * 1024) }))
    try {
      for (const client of [malformed, notAnObject]) {
        await rejectsWith(
          client.send(new PutKeyCommand({ KvsARN: arn, Key: 'k', Value: 'v', IfMatch: etag })),
          'ValidationException',
          400,
        )
      }
      await rejectsWith(
        huge.send(new PutKeyCommand({ KvsARN: arn, Key: 'k', Value: 'v', IfMatch: etag })),
        'ValidationException',
        400,
      )
    } finally {
      malformed.destroy()
      notAnObject.destroy()
      huge.destroy()
    }
    assert.equal(await etagOf(arn), etag)
  })
})
