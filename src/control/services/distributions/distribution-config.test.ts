import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CloudFrontError, ControlError } from '../../errors.js'
import { normalizeDistributionConfig } from './distribution-config.js'
import type { CacheBehavior, DefaultCacheBehavior, DistributionConfig } from './distribution-config-model.js'

function config(
  behavior: Partial<DefaultCacheBehavior> = {},
  extra: Partial<DistributionConfig> = {},
): DistributionConfig {
  return {
    CallerReference: 'r',
    Comment: '',
    Enabled: true,
    Origins: [{ Id: 'o', DomainName: 'o.internal', S3OriginConfig: { OriginAccessIdentity: '' } }],
    DefaultCacheBehavior: {
      TargetOriginId: 'o',
      ViewerProtocolPolicy: 'allow-all',
      ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
      ...behavior,
    },
    ...extra,
  }
}

const codeOf = (input: DistributionConfig) => {
  try {
    normalizeDistributionConfig(input)
    return 'accepted'
  } catch (error) {
    if (error instanceof ControlError || error instanceof CloudFrontError) return error.code
    throw error
  }
}

test('normalizeDistributionConfig: fills defaults into a copy and types the edge config', () => {
  const input = config()
  const { config: filled, edge } = normalizeDistributionConfig(input)
  assert.equal(input.Aliases, undefined, 'the input is not changed')
  assert.deepEqual(filled.Aliases, [])
  assert.equal(filled.DefaultCacheBehavior.DefaultTTL, 86400)
  assert.deepEqual(filled.DefaultCacheBehavior.AllowedMethods, {
    Items: ['HEAD', 'GET'],
    CachedMethods: ['HEAD', 'GET'],
  })
  assert.deepEqual(edge.DefaultCacheBehavior.AllowedMethods, ['HEAD', 'GET'])
  assert.equal(edge.Origins[0]?.ConnectionAttempts, 3)
  assert.equal(edge.Enabled, true)
  assert.deepEqual(edge.CacheBehaviors, [])
})

test('normalizeDistributionConfig: a MaxTTL under 86400 lowers the default DefaultTTL', () => {
  const { edge } = normalizeDistributionConfig(config({ MaxTTL: 60 }))
  assert.equal(edge.DefaultCacheBehavior.DefaultTTL, 60)
  assert.equal(codeOf(config({ MinTTL: 100, MaxTTL: 60 })), 'InvalidTTLOrder')
})

test('normalizeDistributionConfig: path patterns, origin ids, event types, ranges', () => {
  const behaviors = (pattern: string) => {
    const behavior: CacheBehavior = {
      PathPattern: pattern,
      TargetOriginId: 'o',
      ViewerProtocolPolicy: 'allow-all',
      ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
    }
    return config({}, { CacheBehaviors: [behavior] })
  }
  assert.equal(codeOf(behaviors('/images/*.jpg')), 'accepted')
  assert.equal(codeOf(behaviors('/a?b/*')), 'accepted')
  assert.equal(codeOf(behaviors('/a b')), 'InvalidArgument')
  assert.equal(codeOf(behaviors('x'.repeat(256))), 'InvalidArgument')
  assert.equal(codeOf(config({ TargetOriginId: 'missing' })), 'NoSuchOrigin')
  const twoOrigins = config()
  const origin = { Id: 'o', DomainName: 'o.internal', S3OriginConfig: { OriginAccessIdentity: '' } }
  twoOrigins.Origins = [origin, { ...origin }]
  assert.equal(codeOf(twoOrigins), 'InvalidArgument')
  const fa = (eventType: string) =>
    config({
      FunctionAssociations: [
        { FunctionARN: 'arn:aws:cloudfront::000000000000:function/f', EventType: eventType },
      ],
    })
  assert.equal(codeOf(fa('viewer-request')), 'accepted')
  assert.equal(codeOf(fa('origin-response')), 'InvalidFunctionAssociation')
  const slow = config()
  slow.Origins[0]!.ConnectionTimeout = 11
  assert.equal(codeOf(slow), 'InvalidArgument')
})
