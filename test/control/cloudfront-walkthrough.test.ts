import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import {
  type CloudFrontClient,
  CreateDistributionCommand,
  CreateFunctionCommand,
  CreateKeyValueStoreCommand,
  DescribeFunctionCommand,
  GetDistributionCommand,
  PublishFunctionCommand,
  TestFunctionCommand,
  waitUntilDistributionDeployed,
} from '@aws-sdk/client-cloudfront'
import { DescribeKeyValueStoreCommand, PutKeyCommand } from '@aws-sdk/client-cloudfront-keyvaluestore'
import { KEY_ECHO_FUNCTION } from '../../src/cli/demo/seed-functions.js'
import { buildSnapshot } from '../../src/control/feed/snapshot.js'
import { distributionSnapshot, functionSnapshot } from '../../src/control/services/index.js'
import type { Snapshot } from '../../src/sync/protocol.js'
import { createCloudFrontClient } from '../helpers/cloudfront-client.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'

let t: TestControlPlane
let cloudFront: CloudFrontClient
before(async () => {
  t = await startTestControlPlane()
  cloudFront = createCloudFrontClient({ url: t.controlPlane.url, credentials: t.controlPlane.credentials })
})
after(async () => {
  cloudFront.destroy()
  await t.stop()
})

const encoder = new TextEncoder()

test('walkthrough: the seed console walkthrough as one SDK script', async () => {
  // 1. A key value store (CloudFront API), then a key (KVS data-plane API).
  const created = await cloudFront.send(
    new CreateKeyValueStoreCommand({ Name: 'walkthrough-store', Comment: 'seed walkthrough' }),
  )
  const storeArn = created.KeyValueStore?.ARN
  assert.ok(storeArn !== undefined)
  assert.match(created.ETag ?? '', /^E[0-9A-Z]{12}$/)
  const described = await t.client.send(new DescribeKeyValueStoreCommand({ KvsARN: storeArn }))
  await t.client.send(
    new PutKeyCommand({ KvsARN: storeArn, Key: 'hello', Value: 'Hello World', IfMatch: described.ETag }),
  )

  // 2. The seed's function, associated with the store.
  const fn = await cloudFront.send(
    new CreateFunctionCommand({
      Name: 'key-echo',
      FunctionConfig: {
        Comment: 'Echo a key',
        Runtime: 'cloudfront-js-2.0',
        KeyValueStoreAssociations: { Quantity: 1, Items: [{ KeyValueStoreARN: storeArn }] },
      },
      FunctionCode: encoder.encode(KEY_ECHO_FUNCTION),
    }),
  )
  assert.equal(fn.FunctionSummary?.FunctionMetadata?.Stage, 'DEVELOPMENT')
  assert.equal(fn.FunctionSummary?.Status, 'UNPUBLISHED')
  assert.deepEqual(fn.FunctionSummary?.FunctionConfig?.KeyValueStoreAssociations?.Items, [
    { KeyValueStoreARN: storeArn },
  ])

  // 3. TestFunction on DEVELOPMENT reads the store's current data.
  const event = {
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '198.51.100.11' },
    request: { method: 'GET', uri: '/hello', querystring: {}, headers: {}, cookies: {} },
  }
  const tested = await cloudFront.send(
    new TestFunctionCommand({
      Name: 'key-echo',
      IfMatch: fn.ETag,
      Stage: 'DEVELOPMENT',
      EventObject: encoder.encode(JSON.stringify(event)),
    }),
  )
  const result = tested.TestResult
  assert.equal(result?.FunctionErrorMessage ?? '', '')
  const output = JSON.parse(result?.FunctionOutput ?? '{}') as {
    response: { statusCode: number; body: { data: string } }
  }
  assert.equal(output.response.statusCode, 200)
  assert.equal(output.response.body.data, 'Key: hello Value: Hello World')
  assert.match(result?.ComputeUtilization ?? '', /^\d{1,3}$/)

  // 4. Publish, then a distribution whose default behavior runs it on viewer-request.
  const published = await cloudFront.send(new PublishFunctionCommand({ Name: 'key-echo', IfMatch: fn.ETag }))
  assert.equal(published.FunctionSummary?.FunctionMetadata?.Stage, 'LIVE')
  assert.equal(published.FunctionSummary?.Status, 'UNASSOCIATED')
  const functionArn = published.FunctionSummary?.FunctionMetadata?.FunctionARN
  const live = await cloudFront.send(new DescribeFunctionCommand({ Name: 'key-echo', Stage: 'LIVE' }))
  assert.equal(live.FunctionSummary?.FunctionMetadata?.Stage, 'LIVE')

  const distribution = await cloudFront.send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: 'walkthrough-1',
        Comment: 'seed walkthrough',
        Enabled: true,
        Origins: {
          Quantity: 1,
          Items: [
            {
              Id: 'app',
              DomainName: 'origin.internal',
              CustomOriginConfig: { HTTPPort: 8080, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
            },
          ],
        },
        DefaultCacheBehavior: {
          TargetOriginId: 'app',
          ViewerProtocolPolicy: 'allow-all',
          FunctionAssociations: {
            Quantity: 1,
            Items: [{ FunctionARN: functionArn, EventType: 'viewer-request' }],
          },
          ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
          MinTTL: 0,
        },
      },
    }),
  )
  const id = distribution.Distribution?.Id ?? ''
  assert.match(id, /^E[0-9A-Z]{13}$/)
  assert.equal(
    distribution.Distribution?.DistributionConfig?.DefaultCacheBehavior?.FunctionAssociations?.Items?.[0]
      ?.FunctionARN,
    functionArn,
  )
  // No edge is connected: nothing to wait for.
  const waited = await waitUntilDistributionDeployed(
    { client: cloudFront, maxWaitTime: 5, minDelay: 1, maxDelay: 2 },
    { Id: id },
  )
  assert.equal(waited.state, 'SUCCESS')
  const got = await cloudFront.send(new GetDistributionCommand({ Id: id }))
  assert.equal(got.Distribution?.Status, 'Deployed')

  // What an edge would receive now: the LIVE function with its store, the distribution.
  const snapshot: Snapshot = await buildSnapshot(t.controlPlane.state, [
    functionSnapshot(t.controlPlane.accountId),
    distributionSnapshot(t.controlPlane.accountId),
  ])
  const storeId = created.KeyValueStore?.Id
  assert.deepEqual(snapshot.functions, [
    {
      arn: functionArn,
      name: 'key-echo',
      runtime: 'cloudfront-js-2.0',
      code: KEY_ECHO_FUNCTION,
      keyValueStoreId: storeId,
    },
  ])
  assert.equal(snapshot.distributions.length, 1)
  assert.equal(snapshot.distributions[0]?.Id, id)
  assert.deepEqual(snapshot.distributions[0]?.Config.DefaultCacheBehavior.FunctionAssociations, [
    { FunctionARN: functionArn, EventType: 'viewer-request' },
  ])
})
