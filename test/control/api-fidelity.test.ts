import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  type CloudFrontClient,
  CreateDistributionCommand,
  CreateDistributionWithTagsCommand,
  CreateFunctionCommand,
  CreateKeyValueStoreCommand,
  DescribeFunctionCommand,
  GetDistributionConfigCommand,
  ListFunctionsCommand,
  ListKeyValueStoresCommand,
  UpdateDistributionCommand,
  UpdateFunctionCommand,
} from '@aws-sdk/client-cloudfront'
import {
  CloudFrontKeyValueStoreServiceException,
  DescribeKeyValueStoreCommand as DescribeKvsCommand,
  GetKeyCommand,
  PutKeyCommand,
} from '@aws-sdk/client-cloudfront-keyvaluestore'
import { AdminApiError, AdminClient } from '../../src/cli/admin-client.js'
import { createCloudFrontClient } from '../helpers/cloudfront-client.js'
import {
  assertNothingStored,
  createFunction,
  createLiveFunction,
  distributionConfig,
  encode,
  REQUEST_CODE,
  rejectsWith,
} from '../helpers/cloudfront-fixtures.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'

describe('API fidelity: what AWS clients rely on', () => {
  let t: TestControlPlane
  let cf: CloudFrontClient
  let storeArn: string
  before(async () => {
    t = await startTestControlPlane()
    cf = createCloudFrontClient({ url: t.controlPlane.url, credentials: t.controlPlane.credentials })
    const store = await cf.send(new CreateKeyValueStoreCommand({ Name: 'fidelity-store' }))
    storeArn = store.KeyValueStore?.ARN ?? ''
  })
  after(async () => {
    cf.destroy()
    await t.stop()
  })

  test('CreateFunction: a key value store association on cloudfront-js-1.0 is InvalidArgument', async () => {
    await assertNothingStored(t.controlPlane.state, () =>
      rejectsWith(
        createFunction(cf, 'fn-kvs-on-1', REQUEST_CODE, { runtime: 'cloudfront-js-1.0', storeArn }),
        'InvalidArgument',
        400,
        /cloudfront-js-2\.0/,
      ),
    )
  })

  test('UpdateFunction: moving a function with a store to cloudfront-js-1.0 is InvalidArgument', async () => {
    const created = await createFunction(cf, 'fn-kvs-update', REQUEST_CODE, { storeArn })
    const update = (runtime: 'cloudfront-js-1.0' | 'cloudfront-js-2.0', withStore: boolean) =>
      cf.send(
        new UpdateFunctionCommand({
          Name: 'fn-kvs-update',
          IfMatch: created.etag,
          FunctionConfig: {
            Comment: '',
            Runtime: runtime,
            ...(withStore
              ? { KeyValueStoreAssociations: { Quantity: 1, Items: [{ KeyValueStoreARN: storeArn }] } }
              : {}),
          },
          FunctionCode: encode(REQUEST_CODE),
        }),
      )
    await assertNothingStored(t.controlPlane.state, () =>
      rejectsWith(update('cloudfront-js-1.0', true), 'InvalidArgument', 400, /cloudfront-js-2\.0/),
    )
    const unchanged = await cf.send(new DescribeFunctionCommand({ Name: 'fn-kvs-update' }))
    assert.equal(unchanged.ETag, created.etag)
    assert.equal(unchanged.FunctionSummary?.FunctionConfig?.Runtime, 'cloudfront-js-2.0')
    // Dropping the association makes 1.0 fine.
    const moved = await update('cloudfront-js-1.0', false)
    assert.equal(moved.FunctionSummary?.FunctionConfig?.Runtime, 'cloudfront-js-1.0')
  })

  test('FunctionSummary.Status: DEPLOYED while a distribution associates the published function', async () => {
    const used = await createLiveFunction(cf, 'fn-status-used')
    await createLiveFunction(cf, 'fn-status-idle')
    const created = await cf.send(
      new CreateDistributionCommand({ DistributionConfig: distributionConfig('status-ref', {}, used.arn) }),
    )
    const status = async (name: string, stage: 'DEVELOPMENT' | 'LIVE') =>
      (await cf.send(new DescribeFunctionCommand({ Name: name, Stage: stage }))).FunctionSummary?.Status
    assert.equal(await status('fn-status-used', 'LIVE'), 'DEPLOYED')
    assert.equal(await status('fn-status-used', 'DEVELOPMENT'), 'DEPLOYED')
    assert.equal(await status('fn-status-idle', 'LIVE'), 'UNASSOCIATED')
    const listed = await cf.send(new ListFunctionsCommand({ Stage: 'LIVE' }))
    const byName = new Map((listed.FunctionList?.Items ?? []).map((f) => [f.Name, f.Status] as const))
    assert.equal(byName.get('fn-status-used'), 'DEPLOYED')
    assert.equal(byName.get('fn-status-idle'), 'UNASSOCIATED')

    // Once no distribution uses it, it is UNASSOCIATED again.
    const config = await cf.send(new GetDistributionConfigCommand({ Id: created.Distribution?.Id }))
    await cf.send(
      new UpdateDistributionCommand({
        Id: created.Distribution?.Id,
        IfMatch: config.ETag,
        DistributionConfig: distributionConfig('status-ref'),
      }),
    )
    assert.equal(await status('fn-status-used', 'LIVE'), 'UNASSOCIATED')
  })

  test('CreateDistributionWithTags: creates the distribution; tags are checked, not kept', async () => {
    const created = await cf.send(
      new CreateDistributionWithTagsCommand({
        DistributionConfigWithTags: {
          DistributionConfig: distributionConfig('tagged-ref', { Comment: 'tagged' }),
          Tags: { Items: [{ Key: 'team', Value: 'edge' }, { Key: 'env' }] },
        },
      }),
    )
    assert.equal(created.$metadata.httpStatusCode, 201)
    const id = created.Distribution?.Id ?? ''
    assert.match(id, /^E[0-9A-Z]{13}$/)
    assert.match(created.ETag ?? '', /./)
    assert.equal(created.Location, `${t.controlPlane.url}/2020-05-31/distribution/${id}`)
    const config = await cf.send(new GetDistributionConfigCommand({ Id: id }))
    assert.equal(config.DistributionConfig?.Comment, 'tagged')
    assert.equal(config.DistributionConfig?.CallerReference, 'tagged-ref')

    await assertNothingStored(t.controlPlane.state, () =>
      rejectsWith(
        cf.send(
          new CreateDistributionWithTagsCommand({
            DistributionConfigWithTags: {
              DistributionConfig: distributionConfig('tagged-bad-ref'),
              Tags: { Items: [{ Key: 'bad*key', Value: 'x' }] },
            },
          }),
        ),
        'InvalidArgument',
        400,
        /Key/,
      ),
    )
  })

  test('CreateFunction: Tags as the SDK sends them (no Quantity) are accepted', async () => {
    const created = await cf.send(
      new CreateFunctionCommand({
        Name: 'fn-tagged',
        FunctionConfig: { Comment: '', Runtime: 'cloudfront-js-2.0' },
        FunctionCode: encode(REQUEST_CODE),
        Tags: { Items: [{ Key: 'team', Value: 'edge' }] },
      }),
    )
    assert.equal(created.$metadata.httpStatusCode, 201)
  })

  test('KVS data plane: every response, success or error, carries its own x-amzn-RequestId', async () => {
    const described = await t.client.send(new DescribeKvsCommand({ KvsARN: storeArn }))
    const put = await t.client.send(
      new PutKeyCommand({ KvsARN: storeArn, Key: 'k', Value: 'v', IfMatch: described.ETag }),
    )
    const ids = [described.$metadata.requestId, put.$metadata.requestId]
    const missing = await t.client.send(new GetKeyCommand({ KvsARN: storeArn, Key: 'nope' })).then(
      () => assert.fail('GetKey of a missing key succeeded'),
      (error: unknown) => {
        assert.ok(error instanceof CloudFrontKeyValueStoreServiceException)
        assert.equal(error.name, 'ResourceNotFoundException')
        return error
      },
    )
    ids.push(missing.$metadata.requestId)
    for (const id of ids) assert.match(id ?? '', /^[0-9a-f-]{36}$/)
    assert.equal(new Set(ids).size, ids.length, 'request ids repeat')
  })

  test('CreateDistribution: an origin DomainName with a port or a scheme is InvalidArgument', async () => {
    for (const domainName of ['127.0.0.1:8000', 'http://origin.internal', 'origin.internal/path', 'a b']) {
      const config = distributionConfig(`bad-origin-${domainName}`)
      const origin = config.Origins?.Items?.[0]
      assert.ok(origin !== undefined)
      origin.DomainName = domainName
      await assertNothingStored(t.controlPlane.state, () =>
        rejectsWith(
          cf.send(new CreateDistributionCommand({ DistributionConfig: config })),
          'InvalidArgument',
          400,
          /DomainName/,
        ),
      )
    }
    const ok = distributionConfig('good-origin')
    const origin = ok.Origins?.Items?.[0]
    assert.ok(origin !== undefined)
    origin.DomainName = 'App_1.Origin-Internal'
    const created = await cf.send(new CreateDistributionCommand({ DistributionConfig: ok }))
    assert.equal(created.$metadata.httpStatusCode, 201)
  })

  test('ListKeyValueStores: an unknown Status filter is InvalidArgument; a known one filters', async () => {
    await rejectsWith(
      cf.send(new ListKeyValueStoresCommand({ Status: 'DONE' })),
      'InvalidArgument',
      400,
      /Status/,
    )
    const ready = await cf.send(new ListKeyValueStoresCommand({ Status: 'READY' }))
    assert.ok((ready.KeyValueStoreList?.Items ?? []).some((s) => s.Name === 'fidelity-store'))
    const provisioning = await cf.send(new ListKeyValueStoresCommand({ Status: 'PROVISIONING' }))
    assert.equal(provisioning.KeyValueStoreList?.Items?.length ?? 0, 0)
  })

  test('admin export: a revision past the latest is InvalidArgument, not the current content', async () => {
    const { url, credentials } = t.controlPlane
    const admin = new AdminClient({ endpoint: url, ...credentials, source: 'test' })
    const latest = await t.controlPlane.state.latestRevision()
    const error = await admin
      .send({
        method: 'GET',
        path: 'key-value-stores/fidelity-store/export',
        query: { revision: String(latest + 1) },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    assert.ok(error instanceof AdminApiError, `expected a refusal, got ${String(error)}`)
    assert.deepEqual([error.status, error.code], [400, 'InvalidArgument'])
    const current = await admin.send({
      method: 'GET',
      path: 'key-value-stores/fidelity-store/export',
      query: { revision: String(latest) },
    })
    assert.equal(current.status, 200)
  })
})
