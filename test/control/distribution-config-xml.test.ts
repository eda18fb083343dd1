import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import {
  type CloudFrontClient,
  CreateDistributionCommand,
  type DistributionConfig,
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront'
import { createCloudFrontClient, errorCode, sendSigned } from '../helpers/cloudfront-client.js'
import { distributionConfig } from '../helpers/cloudfront-fixtures.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'

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

const XMLNS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/'

function documentWith(
  reference: string,
  extra: { root?: string; origin?: string; behavior?: string },
): string {
  return [
    `<DistributionConfig xmlns="${XMLNS}">`,
    `<CallerReference>${reference}</CallerReference>`,
    '<Origins><Quantity>1</Quantity><Items><Origin><Id>app</Id><DomainName>origin.internal</DomainName>',
    '<CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort>',
    '<OriginProtocolPolicy>http-only</OriginProtocolPolicy></CustomOriginConfig>',
    extra.origin ?? '',
    '</Origin></Items></Origins>',
    '<DefaultCacheBehavior><TargetOriginId>app</TargetOriginId>',
    '<ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>',
    '<CachePolicyId>658327ea-f89d-4fab-a63d-7e88639e58f6</CachePolicyId>',
    extra.behavior ?? '',
    '</DefaultCacheBehavior>',
    '<Comment></Comment><Enabled>true</Enabled>',
    extra.root ?? '',
    '</DistributionConfig>',
  ].join('')
}

const createRaw = (body: string) =>
  sendSigned(t.controlPlane.url, t.controlPlane.credentials, {
    method: 'POST',
    path: '/2020-05-31/distribution',
    headers: { 'content-type': 'application/xml' },
    body,
  })

test('CreateDistribution: an element the DistributionConfig schema lacks is 400 MalformedXML and creates nothing', async () => {
  const before = t.controlPlane.feed.latest
  const cases = [
    { root: '<NotAMember>x</NotAMember>' },
    { origin: '<Port>8080</Port>' },
    { behavior: '<PathPattern>/x</PathPattern>' },
    {
      behavior:
        '<ForwardedValues><QueryString>false</QueryString><Cookies><Forward>none</Forward></Cookies><Body>x</Body></ForwardedValues>',
    },
    { root: '<Aliases><Quantity>0</Quantity><Extra/></Aliases>' },
  ]
  for (const [i, extra] of cases.entries()) {
    const response = await createRaw(documentWith(`unknown-${i}`, extra))
    assert.equal(response.status, 400, JSON.stringify(extra))
    assert.equal(errorCode(response.body), 'MalformedXML', JSON.stringify(extra))
  }
  assert.equal(t.controlPlane.feed.latest, before)
  const accepted = await createRaw(documentWith('known', {}))
  assert.equal(accepted.status, 201, accepted.body)
})

test('GetDistributionConfig: members Verge keeps but does not use come back as they were sent', async () => {
  const unused: Partial<DistributionConfig> = {
    OriginGroups: {
      Quantity: 1,
      Items: [
        {
          Id: 'group',
          FailoverCriteria: { StatusCodes: { Quantity: 2, Items: [500, 503] } },
          Members: { Quantity: 1, Items: [{ OriginId: 'app' }] },
        },
      ],
    },
    CustomErrorResponses: {
      Quantity: 1,
      Items: [{ ErrorCode: 404, ResponsePagePath: '/404.html', ResponseCode: '404', ErrorCachingMinTTL: 10 }],
    },
    Logging: { Enabled: true, IncludeCookies: false, Bucket: 'logs.s3.amazonaws.com', Prefix: 'cf/' },
    PriceClass: 'PriceClass_100',
    ViewerCertificate: { CloudFrontDefaultCertificate: true, MinimumProtocolVersion: 'TLSv1' },
    Restrictions: { GeoRestriction: { RestrictionType: 'whitelist', Quantity: 2, Items: ['DE', 'FR'] } },
    HttpVersion: 'http2and3',
    IsIPV6Enabled: false,
    Staging: false,
  }
  const sent = distributionConfig('unused-members', unused)
  sent.DefaultCacheBehavior = {
    ...sent.DefaultCacheBehavior!,
    TrustedSigners: { Enabled: false, Quantity: 0 },
    SmoothStreaming: true,
    Compress: true,
    OriginRequestPolicyId: 'policy',
    GrpcConfig: { Enabled: false },
  }
  const created = await cf.send(new CreateDistributionCommand({ DistributionConfig: sent }))
  const got = await cf.send(new GetDistributionConfigCommand({ Id: created.Distribution?.Id }))
  const echoed = got.DistributionConfig
  for (const [member, value] of Object.entries(unused))
    assert.deepEqual(echoed?.[member as keyof DistributionConfig], value, member)
  assert.deepEqual(echoed?.DefaultCacheBehavior?.TrustedSigners, { Enabled: false, Quantity: 0 })
  assert.equal(echoed?.DefaultCacheBehavior?.SmoothStreaming, true)
  assert.equal(echoed?.DefaultCacheBehavior?.OriginRequestPolicyId, 'policy')
  assert.deepEqual(echoed?.DefaultCacheBehavior?.GrpcConfig, { Enabled: false })

  // What GetDistributionConfig returns is accepted back unchanged and reads back the same.
  const updated = await cf.send(
    new UpdateDistributionCommand({
      Id: created.Distribution?.Id,
      IfMatch: got.ETag,
      DistributionConfig: echoed,
    }),
  )
  assert.deepEqual(updated.Distribution?.DistributionConfig, echoed)
})
