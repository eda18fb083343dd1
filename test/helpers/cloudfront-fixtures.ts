import assert from 'node:assert/strict'
import {
  type CloudFrontClient,
  CloudFrontServiceException,
  CreateFunctionCommand,
  type DistributionConfig,
  PublishFunctionCommand,
} from '@aws-sdk/client-cloudfront'
import type { StateStore } from '../../src/control/state/state-store.js'

/** Asserts that `promise` rejects with the CloudFront error `name` and HTTP `status`. */
export async function rejectsWith(
  promise: Promise<unknown>,
  name: string,
  status: number,
  message?: RegExp,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof CloudFrontServiceException, `expected ${name}, got ${String(error)}`)
    assert.equal(error.name, name, error.message)
    assert.equal(error.$metadata.httpStatusCode, status)
    if (message !== undefined) assert.match(error.message, message)
    return true
  })
}

/** Runs `refused` and asserts that it committed nothing: no new revision in the change log. */
export async function assertNothingStored(state: StateStore, refused: () => Promise<unknown>): Promise<void> {
  const before = await state.latestRevision()
  await refused()
  assert.equal(await state.latestRevision(), before, 'a refused call appended to the change log')
}

export const encode = (text: string) => new TextEncoder().encode(text)
export const decode = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes)

export const REQUEST_CODE = 'function handler(event) { return event.request }'

/** A viewer-request event object as bytes. */
export function viewerRequestEvent(uri = '/index.html'): Uint8Array {
  return encode(
    JSON.stringify({
      version: '1.0',
      context: { eventType: 'viewer-request' },
      viewer: { ip: '198.51.100.11' },
      request: {
        method: 'GET',
        uri,
        querystring: {},
        headers: { host: { value: 'example.org' } },
        cookies: {},
      },
    }),
  )
}

/** Creates a function (cloudfront-js-2.0 unless told) and returns its DEVELOPMENT ETag and ARN. */
export async function createFunction(
  client: CloudFrontClient,
  name: string,
  code = REQUEST_CODE,
  options: { runtime?: 'cloudfront-js-1.0' | 'cloudfront-js-2.0'; storeArn?: string } = {},
): Promise<{ etag: string; arn: string }> {
  const out = await client.send(
    new CreateFunctionCommand({
      Name: name,
      FunctionConfig: {
        Comment: '',
        Runtime: options.runtime ?? 'cloudfront-js-2.0',
        ...(options.storeArn === undefined
          ? {}
          : { KeyValueStoreAssociations: { Quantity: 1, Items: [{ KeyValueStoreARN: options.storeArn }] } }),
      },
      FunctionCode: encode(code),
    }),
  )
  return { etag: out.ETag ?? '', arn: out.FunctionSummary?.FunctionMetadata?.FunctionARN ?? '' }
}

/** Creates and publishes a function; returns its ARN and DEVELOPMENT ETag. */
export async function createLiveFunction(
  client: CloudFrontClient,
  name: string,
  code = REQUEST_CODE,
): Promise<{ etag: string; arn: string }> {
  const created = await createFunction(client, name, code)
  await client.send(new PublishFunctionCommand({ Name: name, IfMatch: created.etag }))
  return created
}

/** A minimal valid `DistributionConfig` with one custom origin `app`. */
export function distributionConfig(
  callerReference: string,
  overrides: Partial<DistributionConfig> = {},
  functionArn?: string,
): DistributionConfig {
  return {
    CallerReference: callerReference,
    Comment: '',
    Enabled: true,
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: 'app',
          DomainName: 'origin.internal',
          OriginPath: '',
          CustomOriginConfig: { HTTPPort: 8080, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
        },
      ],
    },
    DefaultCacheBehavior: {
      TargetOriginId: 'app',
      ViewerProtocolPolicy: 'allow-all',
      FunctionAssociations:
        functionArn === undefined
          ? { Quantity: 0 }
          : { Quantity: 1, Items: [{ FunctionARN: functionArn, EventType: 'viewer-request' }] },
      ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
      MinTTL: 0,
    },
    ...overrides,
  }
}

/** `Origins` with the one origin `app` of `distributionConfig`, plain HTTP to 127.0.0.1:`port`. */
export function localOrigins(port: number): DistributionConfig['Origins'] {
  return {
    Quantity: 1,
    Items: [
      {
        Id: 'app',
        DomainName: '127.0.0.1',
        OriginPath: '',
        CustomOriginConfig: { HTTPPort: port, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
      },
    ],
  }
}
