import {
  type CacheBehavior,
  type CloudFrontClient,
  CreateDistributionCommand,
  CreateFunctionCommand,
  CreateKeyValueStoreCommand,
  type DefaultCacheBehavior,
  type DistributionConfig,
  GetDistributionConfigCommand,
  PublishFunctionCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront'
import {
  type CloudFrontKeyValueStoreClient,
  DescribeKeyValueStoreCommand,
  PutKeyCommand,
  UpdateKeysCommand,
} from '@aws-sdk/client-cloudfront-keyvaluestore'
import {
  DEMO_BLOG_PATH_PATTERN,
  DEMO_CALLER_REFERENCE,
  DEMO_FUNCTIONS,
  DEMO_KEYS,
  DEMO_ORIGIN_ID,
  DEMO_RUNTIME,
  DEMO_STORE_NAME,
} from '../../src/cli/demo/seed-demo.js'

export interface SdkClients {
  cloudFront: CloudFrontClient
  kvs: CloudFrontKeyValueStoreClient
}

const encode = (text: string) => new TextEncoder().encode(text)

function behavior(functionArn: string): DefaultCacheBehavior {
  return {
    TargetOriginId: DEMO_ORIGIN_ID,
    ViewerProtocolPolicy: 'allow-all',
    FunctionAssociations: { Quantity: 1, Items: [{ FunctionARN: functionArn, EventType: 'viewer-request' }] },
    ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
    MinTTL: 0,
    DefaultTTL: 0,
    MaxTTL: 0,
  }
}

/**
 * The demo `seedDemo` installs, made through the unmodified AWS SDK clients instead: the store
 * with its keys, both functions published, and the distribution. Returns the distribution Id
 * and the store ARN.
 */
export async function createDemoWithSdk(
  clients: SdkClients,
  originPort: number,
): Promise<{ distributionId: string; storeArn: string }> {
  const store = await clients.cloudFront.send(new CreateKeyValueStoreCommand({ Name: DEMO_STORE_NAME }))
  const storeArn = store.KeyValueStore?.ARN ?? ''
  const described = await clients.kvs.send(new DescribeKeyValueStoreCommand({ KvsARN: storeArn }))
  await clients.kvs.send(
    new UpdateKeysCommand({
      KvsARN: storeArn,
      IfMatch: described.ETag,
      Puts: DEMO_KEYS.map(({ key, value }) => ({ Key: key, Value: value })),
    }),
  )
  const arns: string[] = []
  for (const fn of DEMO_FUNCTIONS) {
    const created = await clients.cloudFront.send(
      new CreateFunctionCommand({
        Name: fn.name,
        FunctionConfig: {
          Comment: fn.comment,
          Runtime: DEMO_RUNTIME,
          KeyValueStoreAssociations: { Quantity: 1, Items: [{ KeyValueStoreARN: storeArn }] },
        },
        FunctionCode: encode(fn.code),
      }),
    )
    await clients.cloudFront.send(new PublishFunctionCommand({ Name: fn.name, IfMatch: created.ETag }))
    arns.push(created.FunctionSummary?.FunctionMetadata?.FunctionARN ?? '')
  }
  const config: DistributionConfig = {
    CallerReference: DEMO_CALLER_REFERENCE,
    Comment: 'Verge demo, made with the AWS SDK',
    Enabled: true,
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: DEMO_ORIGIN_ID,
          DomainName: '127.0.0.1',
          OriginPath: '',
          CustomOriginConfig: { HTTPPort: originPort, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
        },
      ],
    },
    DefaultCacheBehavior: behavior(arns[0] ?? ''),
    CacheBehaviors: {
      Quantity: 1,
      Items: [{ PathPattern: DEMO_BLOG_PATH_PATTERN, ...behavior(arns[1] ?? '') }],
    },
  }
  const distribution = await clients.cloudFront.send(
    new CreateDistributionCommand({ DistributionConfig: config }),
  )
  return { distributionId: distribution.Distribution?.Id ?? '', storeArn }
}

/** PutKey through the KVS SDK, with the store's current ETag. */
export async function putKeyWithSdk(
  kvs: CloudFrontKeyValueStoreClient,
  storeArn: string,
  key: string,
  value: string,
): Promise<void> {
  const described = await kvs.send(new DescribeKeyValueStoreCommand({ KvsARN: storeArn }))
  await kvs.send(new PutKeyCommand({ KvsARN: storeArn, Key: key, Value: value, IfMatch: described.ETag }))
}

/** Adds a cache behavior to a distribution through GetDistributionConfig + UpdateDistribution. */
export async function addCacheBehavior(
  cloudFront: CloudFrontClient,
  distributionId: string,
  added: CacheBehavior,
): Promise<void> {
  const current = await cloudFront.send(new GetDistributionConfigCommand({ Id: distributionId }))
  const config = current.DistributionConfig as DistributionConfig
  const items = [added, ...(config.CacheBehaviors?.Items ?? [])]
  config.CacheBehaviors = { Quantity: items.length, Items: items }
  await cloudFront.send(
    new UpdateDistributionCommand({ Id: distributionId, IfMatch: current.ETag, DistributionConfig: config }),
  )
}

/**
 * Creates and publishes a cloudfront-js-2.0 function, and puts it on a new cache behavior for
 * `pathPattern` (to the demo origin, never cached) as its viewer-request function. Returns its ARN.
 */
export async function addFunctionBehavior(
  cloudFront: CloudFrontClient,
  distributionId: string,
  spec: { name: string; code: string; pathPattern: string },
): Promise<string> {
  const created = await cloudFront.send(
    new CreateFunctionCommand({
      Name: spec.name,
      FunctionConfig: { Comment: '', Runtime: 'cloudfront-js-2.0' },
      FunctionCode: encode(spec.code),
    }),
  )
  await cloudFront.send(new PublishFunctionCommand({ Name: spec.name, IfMatch: created.ETag }))
  const arn = created.FunctionSummary?.FunctionMetadata?.FunctionARN ?? ''
  await addCacheBehavior(cloudFront, distributionId, { PathPattern: spec.pathPattern, ...behavior(arn) })
  return arn
}
