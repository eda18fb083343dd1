import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  type CloudFrontClient,
  CreateDistributionCommand,
  CreateFunctionCommand,
  CreateKeyValueStoreCommand,
  DeleteFunctionCommand,
  DeleteKeyValueStoreCommand,
  DescribeFunctionCommand,
  DescribeKeyValueStoreCommand,
  GetFunctionCommand,
  ListFunctionsCommand,
  PublishFunctionCommand,
  UpdateFunctionCommand,
} from '@aws-sdk/client-cloudfront'
import { ChangeKind } from '../../src/sync/changes.js'
import { createCloudFrontClient } from '../helpers/cloudfront-client.js'
import {
  assertNothingStored,
  createFunction,
  decode,
  distributionConfig,
  encode,
  REQUEST_CODE,
  rejectsWith,
} from '../helpers/cloudfront-fixtures.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'

describe('CloudFront functions through @aws-sdk/client-cloudfront', () => {
  let t: TestControlPlane
  let cf: CloudFrontClient
  before(async () => {
    t = await startTestControlPlane()
    cf = createCloudFrontClient({ url: t.controlPlane.url, credentials: t.controlPlane.credentials })
  })
  after(async () => {
    cf.destroy()
    await t.stop()
  })

  test('CreateFunction, DescribeFunction, GetFunction: DEVELOPMENT stage, code and ETag', async () => {
    const created = await cf.send(
      new CreateFunctionCommand({
        Name: 'fn-create',
        FunctionConfig: { Comment: 'a & <b>', Runtime: 'cloudfront-js-1.0' },
        FunctionCode: encode(REQUEST_CODE),
      }),
    )
    assert.equal(created.$metadata.httpStatusCode, 201)
    assert.match(created.ETag ?? '', /^E[0-9A-Z]{12}$/)
    assert.equal(
      created.Location,
      `${t.controlPlane.url}/2020-05-31/function/arn:aws:cloudfront::000000000000:function/fn-create`,
    )
    const summary = created.FunctionSummary
    assert.equal(summary?.Name, 'fn-create')
    assert.equal(summary?.Status, 'UNPUBLISHED')
    assert.equal(summary?.FunctionConfig?.Comment, 'a & <b>')
    assert.equal(summary?.FunctionConfig?.Runtime, 'cloudfront-js-1.0')
    assert.equal(summary?.FunctionConfig?.KeyValueStoreAssociations?.Quantity, 0)
    assert.equal(
      summary?.FunctionMetadata?.FunctionARN,
      'arn:aws:cloudfront::000000000000:function/fn-create',
    )
    assert.ok(summary?.FunctionMetadata?.CreatedTime instanceof Date)

    const described = await cf.send(new DescribeFunctionCommand({ Name: 'fn-create' }))
    assert.equal(described.ETag, created.ETag)
    assert.equal(described.FunctionSummary?.FunctionMetadata?.Stage, 'DEVELOPMENT')
    const got = await cf.send(new GetFunctionCommand({ Name: 'fn-create' }))
    assert.equal(decode(got.FunctionCode), REQUEST_CODE)
    assert.equal(got.ETag, created.ETag)
    assert.equal(got.ContentType, 'application/octet-stream')

    const [change] = await t.controlPlane.state.listChanges({ entityId: 'fn-create' })
    assert.equal(change?.kind, ChangeKind.functionUpdated)
  })

  test('CreateFunction: refuses duplicates, code over 10 KB, syntax errors, bad stores; stores nothing', async () => {
    const { state } = t.controlPlane
    await createFunction(cf, 'fn-dup')
    const create = (name: string, code: string, extra: Record<string, unknown> = {}) =>
      cf.send(
        new CreateFunctionCommand({
          Name: name,
          FunctionConfig: { Comment: '', Runtime: 'cloudfront-js-2.0', ...extra },
          FunctionCode: encode(code),
        }),
      )
    await assertNothingStored(state, async () => {
      await rejectsWith(create('fn-dup', REQUEST_CODE), 'FunctionAlreadyExists', 409)
      const big = `${REQUEST_CODE}\n//${'x'.repeat(10_240)}`
      await rejectsWith(create('fn-big', big), 'FunctionSizeLimitExceeded', 413, /10240 bytes/)
      await rejectsWith(
        create('fn-syntax', 'function handler(event) { return event.request'),
        'InvalidArgument',
        400,
        /Line 1, column \d+/,
      )
      await rejectsWith(create('fn-nohandler', 'function other() {}'), 'InvalidArgument', 400, /handler/)
      await rejectsWith(
        create('fn-1-0', 'const x = 1; function handler(e) { return e.request }', {
          Runtime: 'cloudfront-js-1.0',
        }),
        'InvalidArgument',
        400,
        /cloudfront-js-1\.0/,
      )
      await rejectsWith(
        create('fn-runtime', REQUEST_CODE, { Runtime: 'cloudfront-js-3.0' }),
        'InvalidArgument',
        400,
      )
      await rejectsWith(create('bad name!', REQUEST_CODE), 'InvalidArgument', 400)
      await rejectsWith(
        create('fn-store', REQUEST_CODE, {
          KeyValueStoreAssociations: {
            Quantity: 1,
            Items: [
              {
                KeyValueStoreARN:
                  'arn:aws:cloudfront::000000000000:key-value-store/00000000-0000-4000-8000-000000000000',
              },
            ],
          },
        }),
        'InvalidArgument',
        400,
        /does not exist/,
      )
      await rejectsWith(
        create('fn-quantity', REQUEST_CODE, { KeyValueStoreAssociations: { Quantity: 2, Items: [] } }),
        'InconsistentQuantities',
        400,
      )
    })
    const names = (await cf.send(new ListFunctionsCommand({}))).FunctionList?.Items?.map((f) => f.Name)
    assert.ok(!names?.includes('fn-big') && !names?.includes('fn-syntax') && !names?.includes('fn-store'))
  })

  test('UpdateFunction: needs the current ETag, changes DEVELOPMENT only, returns the new ETag', async () => {
    const { etag } = await createFunction(cf, 'fn-update')
    await cf.send(new PublishFunctionCommand({ Name: 'fn-update', IfMatch: etag }))
    const newCode = 'function handler(event) { event.request.uri = "/v2"; return event.request }'
    const update = (ifMatch: string | undefined, code = newCode) =>
      cf.send(
        new UpdateFunctionCommand({
          Name: 'fn-update',
          IfMatch: ifMatch,
          FunctionConfig: { Comment: 'v2', Runtime: 'cloudfront-js-2.0' },
          FunctionCode: encode(code),
        }),
      )
    await assertNothingStored(t.controlPlane.state, async () => {
      await rejectsWith(update(undefined), 'InvalidIfMatchVersion', 400)
      await rejectsWith(update('ESTALE0000000'), 'PreconditionFailed', 412)
      await rejectsWith(update(etag, 'function handler( {'), 'InvalidArgument', 400)
      await rejectsWith(
        cf.send(
          new UpdateFunctionCommand({
            Name: 'fn-missing',
            IfMatch: etag,
            FunctionConfig: { Comment: '', Runtime: 'cloudfront-js-2.0' },
            FunctionCode: encode(REQUEST_CODE),
          }),
        ),
        'NoSuchFunctionExists',
        404,
      )
    })
    const updated = await update(etag)
    // The API model's `ETtag` header reaches the SDK's output.
    assert.ok(updated.ETag !== undefined && updated.ETag !== etag)
    assert.equal(updated.FunctionSummary?.Status, 'UNPUBLISHED')
    assert.equal(updated.FunctionSummary?.FunctionConfig?.Comment, 'v2')
    assert.equal(decode((await cf.send(new GetFunctionCommand({ Name: 'fn-update' }))).FunctionCode), newCode)
    const live = await cf.send(new GetFunctionCommand({ Name: 'fn-update', Stage: 'LIVE' }))
    assert.equal(decode(live.FunctionCode), REQUEST_CODE)
    await rejectsWith(update(etag), 'PreconditionFailed', 412)
  })

  test('PublishFunction: copies DEVELOPMENT to LIVE; the DEVELOPMENT ETag stays', async () => {
    const { etag } = await createFunction(cf, 'fn-publish')
    await rejectsWith(
      cf.send(new DescribeFunctionCommand({ Name: 'fn-publish', Stage: 'LIVE' })),
      'NoSuchFunctionExists',
      404,
    )
    await assertNothingStored(t.controlPlane.state, async () => {
      await rejectsWith(
        cf.send(new PublishFunctionCommand({ Name: 'fn-publish', IfMatch: 'EWRONG' })),
        'PreconditionFailed',
        412,
      )
      await rejectsWith(
        cf.send(new PublishFunctionCommand({ Name: 'fn-publish', IfMatch: undefined })),
        'InvalidIfMatchVersion',
        400,
      )
      await rejectsWith(
        cf.send(new PublishFunctionCommand({ Name: 'nope', IfMatch: etag })),
        'NoSuchFunctionExists',
        404,
      )
    })
    const published = await cf.send(new PublishFunctionCommand({ Name: 'fn-publish', IfMatch: etag }))
    assert.equal(published.FunctionSummary?.FunctionMetadata?.Stage, 'LIVE')
    assert.equal(published.FunctionSummary?.Status, 'UNASSOCIATED')
    const dev = await cf.send(new DescribeFunctionCommand({ Name: 'fn-publish' }))
    assert.equal(dev.ETag, etag)
    const live = await cf.send(new DescribeFunctionCommand({ Name: 'fn-publish', Stage: 'LIVE' }))
    assert.notEqual(live.ETag, etag)
    const changes = await t.controlPlane.state.listChanges({
      entityId: 'fn-publish',
      kinds: [ChangeKind.functionPublished],
    })
    assert.deepEqual(
      changes.map((c) => c.payload),
      [
        {
          arn: 'arn:aws:cloudfront::000000000000:function/fn-publish',
          name: 'fn-publish',
          runtime: 'cloudfront-js-2.0',
          code: REQUEST_CODE,
        },
      ],
    )
  })

  test('ListFunctions: sorted, paged with MaxItems and NextMarker, Stage LIVE lists published ones', async () => {
    for (const name of ['list-c', 'list-a', 'list-b']) await createFunction(cf, name)
    const { etag } = await createFunction(cf, 'list-d')
    await cf.send(new PublishFunctionCommand({ Name: 'list-d', IfMatch: etag }))
    const seen: string[] = []
    let marker: string | undefined
    do {
      const page = await cf.send(new ListFunctionsCommand({ MaxItems: 2, Marker: marker }))
      assert.ok((page.FunctionList?.Items?.length ?? 0) <= 2)
      assert.equal(page.FunctionList?.MaxItems, 2)
      seen.push(...(page.FunctionList?.Items ?? []).map((f) => f.Name ?? ''))
      marker = page.FunctionList?.NextMarker
    } while (marker !== undefined)
    assert.deepEqual(seen, [...seen].sort())
    assert.ok(['list-a', 'list-b', 'list-c', 'list-d'].every((n) => seen.includes(n)))
    const live = await cf.send(new ListFunctionsCommand({ Stage: 'LIVE' }))
    const liveItems = live.FunctionList?.Items ?? []
    assert.ok(liveItems.some((f) => f.Name === 'list-d'))
    assert.ok(!liveItems.some((f) => f.Name === 'list-a'))
    assert.ok(liveItems.every((f) => f.FunctionMetadata?.Stage === 'LIVE'))
    await rejectsWith(cf.send(new ListFunctionsCommand({ MaxItems: 0 })), 'InvalidArgument', 400)
  })

  test('DeleteFunction: FunctionInUse while a distribution uses it, then 204 and gone', async () => {
    const { etag, arn } = await createFunction(cf, 'fn-delete')
    await cf.send(new PublishFunctionCommand({ Name: 'fn-delete', IfMatch: etag }))
    await cf.send(
      new CreateDistributionCommand({ DistributionConfig: distributionConfig('delete-fn-ref', {}, arn) }),
    )
    await assertNothingStored(t.controlPlane.state, async () => {
      await rejectsWith(
        cf.send(new DeleteFunctionCommand({ Name: 'fn-delete', IfMatch: etag })),
        'FunctionInUse',
        409,
      )
      await rejectsWith(
        cf.send(new DeleteFunctionCommand({ Name: 'fn-delete', IfMatch: 'EOLD' })),
        'PreconditionFailed',
        412,
      )
      await rejectsWith(
        cf.send(new DeleteFunctionCommand({ Name: 'fn-delete', IfMatch: undefined })),
        'InvalidIfMatchVersion',
        400,
      )
    })
    const other = await createFunction(cf, 'fn-delete-free')
    const deleted = await cf.send(new DeleteFunctionCommand({ Name: 'fn-delete-free', IfMatch: other.etag }))
    assert.equal(deleted.$metadata.httpStatusCode, 204)
    await rejectsWith(
      cf.send(new DescribeFunctionCommand({ Name: 'fn-delete-free' })),
      'NoSuchFunctionExists',
      404,
    )
    const [change] = await t.controlPlane.state.listChanges({
      entityId: 'fn-delete-free',
      kinds: [ChangeKind.functionDeleted],
    })
    assert.deepEqual(change?.payload, {
      arn: 'arn:aws:cloudfront::000000000000:function/fn-delete-free',
      name: 'fn-delete-free',
    })
  })

  test('DeleteKeyValueStore: CannotDeleteEntityWhileInUse while a function (any stage) uses it', async () => {
    const store = await cf.send(new CreateKeyValueStoreCommand({ Name: 'in-use-store' }))
    const fn = await createFunction(cf, 'fn-uses-store', REQUEST_CODE, { storeArn: store.KeyValueStore?.ARN })
    await assertNothingStored(t.controlPlane.state, () =>
      rejectsWith(
        cf.send(new DeleteKeyValueStoreCommand({ Name: 'in-use-store', IfMatch: store.ETag })),
        'CannotDeleteEntityWhileInUse',
        409,
      ),
    )
    await cf.send(new DeleteFunctionCommand({ Name: 'fn-uses-store', IfMatch: fn.etag }))
    await cf.send(new DeleteKeyValueStoreCommand({ Name: 'in-use-store', IfMatch: store.ETag }))
    await rejectsWith(
      cf.send(new DescribeKeyValueStoreCommand({ Name: 'in-use-store' })),
      'EntityNotFound',
      404,
    )
  })
})
