import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CACHING_DISABLED_POLICY_ID } from '../../../sync/index.js'
import { normalizeDistributionConfig } from '../../services/distributions/distribution-config.js'
import {
  type DistributionForm,
  toDistributionConfig,
  toDistributionForm,
} from './console-distribution-form.js'

const ECHO = 'arn:aws:cloudfront::000000000000:function/key-echo'
const ROUTER = 'arn:aws:cloudfront::000000000000:function/blog-router'

function form(): DistributionForm {
  return {
    comment: 'Seed',
    enabled: true,
    aliases: ['www.example.com'],
    defaultRootObject: '',
    origins: [
      {
        id: 'app',
        domainName: '127.0.0.1',
        originPath: '',
        s3: false,
        protocolPolicy: 'http-only',
        httpPort: 8080,
        httpsPort: 443,
      },
    ],
    defaultBehavior: {
      targetOriginId: 'app',
      viewerProtocolPolicy: 'allow-all',
      cachePolicy: 'CachingDisabled',
      viewerRequestFunctionArn: ROUTER,
      viewerResponseFunctionArn: '',
    },
    behaviors: [
      {
        pathPattern: '/hello*',
        targetOriginId: 'app',
        viewerProtocolPolicy: 'allow-all',
        cachePolicy: 'Legacy',
        viewerRequestFunctionArn: ECHO,
        viewerResponseFunctionArn: '',
      },
    ],
  }
}

test('toDistributionConfig: a new form becomes a DistributionConfig the service accepts', () => {
  const config = toDistributionConfig(form())
  assert.match(config.CallerReference, /^verge-console-/)
  const { edge } = normalizeDistributionConfig(config)
  assert.deepEqual(edge.Aliases, ['www.example.com'])
  assert.equal(edge.Origins[0]?.CustomOriginConfig?.HTTPPort, 8080)
  assert.equal(edge.DefaultCacheBehavior.CachePolicyId, CACHING_DISABLED_POLICY_ID)
  assert.deepEqual(edge.DefaultCacheBehavior.FunctionAssociations, [
    { FunctionARN: ROUTER, EventType: 'viewer-request' },
  ])
  assert.equal(edge.CacheBehaviors[0]?.PathPattern, '/hello*')
  assert.equal(edge.CacheBehaviors[0]?.ForwardedValues?.QueryString, false)
  assert.deepEqual(toDistributionForm(edge), form(), 'the form survives the round trip')
})

test('toDistributionConfig: an edit keeps the members the console does not show', () => {
  const original = normalizeDistributionConfig(toDistributionConfig(form())).config
  original.Origins[0]!.CustomHeaders = [{ HeaderName: 'x-secret', HeaderValue: 's' }]
  const behaviors = original.CacheBehaviors ?? []
  behaviors[0]!.MaxTTL = 600
  behaviors[0]!.DefaultTTL = 60
  original.PriceClass = 'PriceClass_100'
  const edited = form()
  edited.comment = 'Edited'
  edited.behaviors[0]!.viewerRequestFunctionArn = ''
  const { edge, config } = normalizeDistributionConfig(toDistributionConfig(edited, original))
  assert.equal(config.CallerReference, original.CallerReference, 'the CallerReference stays')
  assert.equal(config.PriceClass, 'PriceClass_100')
  assert.equal(edge.Comment, 'Edited')
  assert.deepEqual(edge.Origins[0]?.CustomHeaders, [{ HeaderName: 'x-secret', HeaderValue: 's' }])
  assert.equal(edge.CacheBehaviors[0]?.MaxTTL, 600)
  assert.equal(edge.CacheBehaviors[0]?.DefaultTTL, 60)
  assert.deepEqual(edge.CacheBehaviors[0]?.FunctionAssociations, [])
})

test('toDistributionConfig: a managed cache policy replaces the legacy TTL members', () => {
  const original = normalizeDistributionConfig(toDistributionConfig(form())).config
  const edited = form()
  edited.behaviors[0]!.cachePolicy = 'CachingOptimized'
  const config = toDistributionConfig(edited, original)
  const behavior = config.CacheBehaviors?.[0]
  assert.equal(behavior?.ForwardedValues, undefined)
  assert.equal(behavior?.MinTTL, undefined)
  assert.doesNotThrow(() => normalizeDistributionConfig(config))
})

test('toDistributionConfig: malformed forms are BadRequest', () => {
  assert.throws(() => toDistributionConfig({ ...form(), origins: 'x' } as unknown as DistributionForm), {
    code: 'BadRequest',
  })
  const noPattern = form()
  delete noPattern.behaviors[0]!.pathPattern
  assert.throws(() => toDistributionConfig(noPattern), { code: 'BadRequest' })
  const badPort = form()
  badPort.origins[0]!.httpPort = Number.NaN
  assert.throws(() => toDistributionConfig(badPort), { code: 'BadRequest' })
})
