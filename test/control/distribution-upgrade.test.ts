import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import {
  type CloudFrontClient,
  GetDistributionConfigCommand,
  ListDistributionsCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront'
import { readStoredDistributionTree } from '../../src/control/api/aws-cloudfront/distribution-config-shape.js'
import { type ControlPlane, startControlPlane } from '../../src/control/control-plane.js'
import { startEdge } from '../../src/edge/index.js'
import {
  CACHING_DISABLED_POLICY_ID,
  ChangeKind,
  type DistributionConfig as EdgeConfig,
} from '../../src/sync/index.js'
import { createCloudFrontClient } from '../helpers/cloudfront-client.js'
import { TEST_CREDENTIALS } from '../helpers/control-plane.js'
import { waitFor } from '../helpers/wait-for.js'

const EDGE_TOKEN = 'vet_upgrade-edge-token'
const ID = 'ELEGACY0000001'
const OLD_ETAG = 'ELEGACYETAG001'
const answer = (text: string) =>
  `function handler(event) { return { statusCode: 200, statusDescription: 'OK', body: { encoding: 'text', data: '${text}' } } }`

let root: string
let functionArn: string

const start = () =>
  startControlPlane({ dataDir: join(root, 'control'), credentials: TEST_CREDENTIALS, edgeToken: EDGE_TOKEN })

/**
 * What a distribution row held before typed configs: the DistributionConfig as the XML-shaped
 * tree (string leaves, `{Quantity, Items}` lists, CloudFront's defaults filled, and a member
 * Verge never used, which it kept) next to the config edges hold.
 */
function treeStoredConfig(arn: string): { tree: unknown; edge: EdgeConfig } {
  const methods = { Quantity: '2', Items: { Method: ['HEAD', 'GET'] } }
  const tree = {
    CallerReference: 'legacy',
    Comment: 'written before typed configs',
    Enabled: 'true',
    Origins: {
      Quantity: '1',
      Items: {
        Origin: [
          {
            Id: 'o',
            DomainName: 'o.internal',
            S3OriginConfig: { OriginAccessIdentity: '' },
            OriginPath: '',
            CustomHeaders: { Quantity: '0' },
            ConnectionAttempts: '3',
            ConnectionTimeout: '10',
          },
        ],
      },
    },
    DefaultCacheBehavior: {
      TargetOriginId: 'o',
      ViewerProtocolPolicy: 'allow-all',
      CachePolicyId: CACHING_DISABLED_POLICY_ID,
      FunctionAssociations: {
        Quantity: '1',
        Items: { FunctionAssociation: [{ FunctionARN: arn, EventType: 'viewer-request' }] },
      },
      AllowedMethods: { ...methods, CachedMethods: methods },
      LambdaFunctionAssociations: { Quantity: '0' },
      SmoothStreaming: 'false',
      Compress: 'false',
    },
    NotInTheModel: 'kept, never used',
    Aliases: { Quantity: '1', Items: { CNAME: ['legacy.example.com'] } },
    DefaultRootObject: '',
    CacheBehaviors: { Quantity: '0' },
    CustomErrorResponses: { Quantity: '0' },
    PriceClass: 'PriceClass_100',
    ViewerCertificate: { CloudFrontDefaultCertificate: 'true' },
    Restrictions: { GeoRestriction: { RestrictionType: 'none', Quantity: '0' } },
    WebACLId: '',
    HttpVersion: 'http2',
    IsIPV6Enabled: 'true',
  }
  const edge: EdgeConfig = {
    CallerReference: 'legacy',
    Aliases: ['legacy.example.com'],
    Origins: [
      {
        Id: 'o',
        DomainName: 'o.internal',
        OriginPath: '',
        CustomHeaders: [],
        ConnectionAttempts: 3,
        ConnectionTimeout: 10,
        S3OriginConfig: { OriginAccessIdentity: '' },
      },
    ],
    DefaultCacheBehavior: {
      TargetOriginId: 'o',
      ViewerProtocolPolicy: 'allow-all',
      FunctionAssociations: [{ FunctionARN: arn, EventType: 'viewer-request' }],
      CachePolicyId: CACHING_DISABLED_POLICY_ID,
      AllowedMethods: ['HEAD', 'GET'],
      CachedMethods: ['HEAD', 'GET'],
      Compress: false,
    },
    CacheBehaviors: [],
    Comment: 'written before typed configs',
    Enabled: true,
  }
  return { tree, edge }
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'verge-distribution-upgrade-'))
  const cp = await start()
  try {
    const config = { comment: '', runtime: 'cloudfront-js-2.0' as const, keyValueStoreArns: [] }
    const created = await cp.functions.createFunction({
      name: 'legacy-answer',
      config,
      code: answer('legacy'),
    })
    functionArn = (await cp.functions.publishFunction('legacy-answer', { ifMatch: created.etag })).arn
    // The row and its change exactly as the services wrote them before typed configs.
    await cp.state.transaction(async (tx) => {
      const stored = treeStoredConfig(functionArn)
      const change = await tx.appendChange({
        kind: ChangeKind.distributionPut,
        payload: {
          Id: ID,
          DomainName: 'elegacy0000001.verge.local',
          ARN: `arn:aws:cloudfront::000000000000:distribution/${ID}`,
          Config: stored.edge,
        },
      })
      const when = new Date('2026-01-02T03:04:05.000Z')
      await tx.insertDistribution({
        id: ID,
        callerReference: 'legacy',
        domainName: 'elegacy0000001.verge.local',
        config: stored,
        enabled: true,
        etag: OLD_ETAG,
        created: when,
        lastModified: when,
        revision: change.revision,
      })
    })
  } finally {
    await cp.close()
  }
})

after(() => {
  rmSync(root, { recursive: true, force: true })
})

test('distribution upgrade: a row holding the XML-shaped tree is served and editable after a restart', async () => {
  let cp: ControlPlane | undefined
  let cf: CloudFrontClient | undefined
  try {
    cp = await start()
    const revision = await cp.state.latestRevision()
    cf = createCloudFrontClient({ url: cp.url, credentials: cp.credentials })
    const got = await cf.send(new GetDistributionConfigCommand({ Id: ID }))
    assert.equal(got.ETag, OLD_ETAG, 'the upgrade is no edit: the ETag stays')
    const config = got.DistributionConfig
    assert.equal(config?.Comment, 'written before typed configs')
    assert.equal(config?.Enabled, true)
    assert.deepEqual(config?.Aliases, { Quantity: 1, Items: ['legacy.example.com'] })
    assert.equal(config?.Origins?.Items?.[0]?.ConnectionTimeout, 10)
    assert.equal(config?.DefaultCacheBehavior?.FunctionAssociations?.Items?.[0]?.FunctionARN, functionArn)
    assert.deepEqual(config?.DefaultCacheBehavior?.AllowedMethods?.CachedMethods?.Items, ['HEAD', 'GET'])
    assert.equal(config?.PriceClass, 'PriceClass_100')
    assert.equal(config?.Restrictions?.GeoRestriction?.RestrictionType, 'none')
    assert.ok(!('NotInTheModel' in (config ?? {})), 'a member outside the model is dropped')
    const listed = await cf.send(new ListDistributionsCommand({}))
    assert.deepEqual(
      listed.DistributionList?.Items?.map((d) => [d.Id, d.Comment]),
      [[ID, 'written before typed configs']],
    )
    assert.equal(await cp.distributions.upgradeStoredConfigs(readStoredDistributionTree), 0, 'done once')
    assert.equal(await cp.state.latestRevision(), revision, 'the upgrade publishes nothing')

    const edge = await startEdge({
      controlUrl: cp.url,
      token: EDGE_TOKEN,
      dataDir: join(root, 'edge'),
      workers: 1,
      defaultDistributionId: ID,
    })
    try {
      const serves = async (text: string) => {
        const response = await fetch(`${edge.url}/anything`)
        return response.status === 200 && (await response.text()) === text
      }
      await waitFor(() => serves('legacy'), {
        what: 'the edge to serve the upgraded distribution',
        timeoutMs: 10_000,
      })

      const updated = await cf.send(
        new UpdateDistributionCommand({
          Id: ID,
          IfMatch: got.ETag,
          DistributionConfig: { ...config!, Comment: 'edited after the upgrade' },
        }),
      )
      assert.equal(updated.Distribution?.DistributionConfig?.Comment, 'edited after the upgrade')
      assert.notEqual(updated.ETag, OLD_ETAG)
      const again = await cf.send(new GetDistributionConfigCommand({ Id: ID }))
      assert.deepEqual(again.DistributionConfig, { ...config, Comment: 'edited after the upgrade' })
      await waitFor(async () => edge.revision === (await cp!.state.latestRevision()), {
        what: 'the edge to apply the edit',
        timeoutMs: 10_000,
      })
      assert.ok(await serves('legacy'), 'the edited distribution still serves')
    } finally {
      await edge.close()
    }
  } finally {
    cf?.destroy()
    await cp?.close()
  }
})
