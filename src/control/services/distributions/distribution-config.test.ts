import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ConfigTree } from '../../api/aws-cloudfront/xml-tree.js'
import { CloudFrontError, ControlError } from '../../errors.js'
import { normalizeDistributionConfig } from './distribution-config.js'

function config(behavior: ConfigTree = {}, extra: ConfigTree = {}): ConfigTree {
  return {
    CallerReference: 'r',
    Comment: '',
    Enabled: 'true',
    Origins: {
      Quantity: '1',
      Items: {
        Origin: [{ Id: 'o', DomainName: 'o.internal', S3OriginConfig: { OriginAccessIdentity: '' } }],
      },
    },
    DefaultCacheBehavior: {
      TargetOriginId: 'o',
      ViewerProtocolPolicy: 'allow-all',
      ForwardedValues: { QueryString: 'false', Cookies: { Forward: 'none' } },
      ...behavior,
    },
    ...extra,
  }
}

const codeOf = (tree: ConfigTree) => {
  try {
    normalizeDistributionConfig(tree)
    return 'accepted'
  } catch (error) {
    if (error instanceof ControlError || error instanceof CloudFrontError) return error.code
    throw error
  }
}

test('normalizeDistributionConfig: fills defaults into a copy and types the edge config', () => {
  const input = config()
  const { tree, edge } = normalizeDistributionConfig(input)
  assert.equal(input.Aliases, undefined, 'the input is not changed')
  assert.deepEqual(tree.Aliases, { Quantity: '0' })
  assert.equal((tree.DefaultCacheBehavior as ConfigTree).DefaultTTL, '86400')
  assert.deepEqual(edge.DefaultCacheBehavior.AllowedMethods, ['HEAD', 'GET'])
  assert.equal(edge.Origins[0]?.ConnectionAttempts, 3)
  assert.equal(edge.Enabled, true)
  assert.deepEqual(edge.CacheBehaviors, [])
})

test('normalizeDistributionConfig: a MaxTTL under 86400 lowers the default DefaultTTL', () => {
  const { edge } = normalizeDistributionConfig(config({ MaxTTL: '60' }))
  assert.equal(edge.DefaultCacheBehavior.DefaultTTL, 60)
  assert.equal(codeOf(config({ MinTTL: '100', MaxTTL: '60' })), 'InvalidTTLOrder')
})

test('normalizeDistributionConfig: path patterns, origin ids, event types, quantities', () => {
  const behaviors = (pattern: string) =>
    config(
      {},
      {
        CacheBehaviors: {
          Quantity: '1',
          Items: {
            CacheBehavior: [
              {
                PathPattern: pattern,
                TargetOriginId: 'o',
                ViewerProtocolPolicy: 'allow-all',
                ForwardedValues: { QueryString: 'false', Cookies: { Forward: 'none' } },
              },
            ],
          },
        },
      },
    )
  assert.equal(codeOf(behaviors('/images/*.jpg')), 'accepted')
  assert.equal(codeOf(behaviors('/a?b/*')), 'accepted')
  assert.equal(codeOf(behaviors('/a b')), 'InvalidArgument')
  assert.equal(codeOf(behaviors('x'.repeat(256))), 'InvalidArgument')
  assert.equal(codeOf(config({ TargetOriginId: 'missing' })), 'NoSuchOrigin')
  const twoOrigins = config()
  const origin = { Id: 'o', DomainName: 'o.internal', S3OriginConfig: { OriginAccessIdentity: '' } }
  twoOrigins.Origins = { Quantity: '2', Items: { Origin: [origin, { ...origin }] } }
  assert.equal(codeOf(twoOrigins), 'InvalidArgument')
  const fa = (eventType: string, quantity = '1') =>
    config({
      FunctionAssociations: {
        Quantity: quantity,
        Items: {
          FunctionAssociation: [
            { FunctionARN: 'arn:aws:cloudfront::000000000000:function/f', EventType: eventType },
          ],
        },
      },
    })
  assert.equal(codeOf(fa('viewer-request')), 'accepted')
  assert.equal(codeOf(fa('origin-response')), 'InvalidFunctionAssociation')
  assert.equal(codeOf(fa('viewer-request', '2')), 'InconsistentQuantities')
  assert.equal(codeOf(config({ Compress: 'yes' })), 'InvalidArgument')
})
