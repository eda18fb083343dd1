import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  type CloudFrontClient,
  CreateDistributionCommand,
  DeleteDistributionCommand,
  type DistributionConfig,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  ListDistributionsCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront'
import { ChangeKind } from '../../src/sync/changes.js'
import { createCloudFrontClient } from '../helpers/cloudfront-client.js'
import {
  assertNothingStored,
  createFunction,
  createLiveFunction,
  distributionConfig,
  rejectsWith,
} from '../helpers/cloudfront-fixtures.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'

describe('CloudFront distributions through @aws-sdk/client-cloudfront', () => {
  let t: TestControlPlane
  let cf: CloudFrontClient
  let fnArn: string
  let responseFnArn: string
  before(async () => {
    t = await startTestControlPlane()
    cf = createCloudFrontClient({ url: t.controlPlane.url, credentials: t.controlPlane.credentials })
    fnArn = (await createLiveFunction(cf, 'dist-fn')).arn
    responseFnArn = (
      await createLiveFunction(cf, 'dist-fn-response', 'function handler(e) { return e.response }')
    ).arn
  })
  after(async () => {
    cf.destroy()
    await t.stop()
  })

  const create = (config: DistributionConfig) =>
    cf.send(new CreateDistributionCommand({ DistributionConfig: config }))

  test('CreateDistribution: every supported member round-trips; defaults are filled; edges get it', async () => {
    const config = distributionConfig(
      'full-1',
      {
        Comment: 'full',
        Aliases: { Quantity: 2, Items: ['www.example.com', '*.cdn.example.com'] },
        Origins: {
          Quantity: 2,
          Items: [
            {
              Id: 'app',
              DomainName: 'app.internal',
              OriginPath: '/v1',
              CustomHeaders: { Quantity: 1, Items: [{ HeaderName: 'x-origin-key', HeaderValue: 's3cr3t' }] },
              CustomOriginConfig: {
                HTTPPort: 8080,
                HTTPSPort: 8443,
                OriginProtocolPolicy: 'match-viewer',
                OriginReadTimeout: 10,
              },
            },
            {
              Id: 'static',
              DomainName: 'static.internal',
              CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
            },
          ],
        },
        CacheBehaviors: {
          Quantity: 1,
          Items: [
            {
              PathPattern: '/images/*.jpg',
              TargetOriginId: 'static',
              ViewerProtocolPolicy: 'redirect-to-https',
              FunctionAssociations: {
                Quantity: 1,
                Items: [{ FunctionARN: responseFnArn, EventType: 'viewer-response' }],
              },
              ForwardedValues: { QueryString: true, Cookies: { Forward: 'none' } },
              MinTTL: 10,
              DefaultTTL: 60,
              MaxTTL: 600,
            },
          ],
        },
      },
      fnArn,
    )
    const created = await create(config)
    assert.equal(created.$metadata.httpStatusCode, 201)
    const d = created.Distribution
    const id = d?.Id ?? ''
    assert.match(id, /^E[0-9A-Z]{13}$/)
    assert.equal(d?.ARN, `arn:aws:cloudfront::000000000000:distribution/${id}`)
    assert.equal(d?.DomainName, `${id.toLowerCase()}.verge.local`)
    assert.equal(d?.Status, 'Deployed')
    assert.equal(d?.InProgressInvalidationBatches, 0)
    assert.equal(created.Location, `${t.controlPlane.url}/2020-05-31/distribution/${id}`)
    const echoed = d?.DistributionConfig
    assert.deepEqual(echoed?.Aliases, config.Aliases)
    assert.equal(echoed?.Origins?.Items?.[0]?.OriginPath, '/v1')
    assert.deepEqual(echoed?.Origins?.Items?.[0]?.CustomHeaders, config.Origins?.Items?.[0]?.CustomHeaders)
    assert.equal(echoed?.Origins?.Items?.[1]?.OriginPath, '')
    assert.equal(echoed?.CacheBehaviors?.Items?.[0]?.PathPattern, '/images/*.jpg')
    assert.equal(echoed?.CacheBehaviors?.Items?.[0]?.MaxTTL, 600)
    // CloudFront's defaults in a real response.
    assert.equal(echoed?.DefaultCacheBehavior?.DefaultTTL, 86400)
    assert.equal(echoed?.DefaultCacheBehavior?.MaxTTL, 31536000)
    assert.deepEqual(echoed?.DefaultCacheBehavior?.AllowedMethods?.Items, ['HEAD', 'GET'])
    assert.equal(echoed?.ViewerCertificate?.CloudFrontDefaultCertificate, true)
    assert.equal(echoed?.Restrictions?.GeoRestriction?.RestrictionType, 'none')
    assert.equal(echoed?.HttpVersion, 'http2')

    const got = await cf.send(new GetDistributionConfigCommand({ Id: id }))
    assert.equal(got.ETag, created.ETag)
    assert.deepEqual(got.DistributionConfig, echoed)

    const [change] = await t.controlPlane.state.listChanges({ entityId: id })
    assert.equal(change?.kind, ChangeKind.distributionPut)
    if (change?.kind !== ChangeKind.distributionPut) return
    const edge = change.payload
    assert.deepEqual(edge.Config.Aliases, ['www.example.com', '*.cdn.example.com'])
    assert.equal(edge.Config.Origins[0]?.OriginPath, '/v1')
    assert.deepEqual(edge.Config.Origins[0]?.CustomHeaders, [
      { HeaderName: 'x-origin-key', HeaderValue: 's3cr3t' },
    ])
    assert.equal(edge.Config.Origins[0]?.CustomOriginConfig?.OriginProtocolPolicy, 'match-viewer')
    assert.deepEqual(edge.Config.CacheBehaviors[0]?.FunctionAssociations, [
      { FunctionARN: responseFnArn, EventType: 'viewer-response' },
    ])
    assert.equal(edge.Config.CacheBehaviors[0]?.DefaultTTL, 60)
    assert.equal(edge.Config.DefaultCacheBehavior.FunctionAssociations[0]?.FunctionARN, fnArn)
  })

  test('CreateDistribution: refuses what an edge could not run, and stores nothing', async () => {
    const unpublished = await createFunction(cf, 'dist-unpublished')
    const base = distributionConfig('refused-x')
    const behavior = base.DefaultCacheBehavior!
    const cases: [DistributionConfig, string, number][] = [
      [{ ...base, DefaultCacheBehavior: { ...behavior, TargetOriginId: 'nowhere' } }, 'NoSuchOrigin', 404],
      [{ ...base, Origins: { Quantity: 2, Items: base.Origins!.Items } }, 'InconsistentQuantities', 400],
      [{ ...base, Aliases: { Quantity: 1 } }, 'InconsistentQuantities', 400],
      [distributionConfig('refused-dev', {}, unpublished.arn), 'InvalidFunctionAssociation', 400],
      [
        distributionConfig('refused-gone', {}, 'arn:aws:cloudfront::000000000000:function/none'),
        'InvalidFunctionAssociation',
        400,
      ],
      [
        {
          ...base,
          DefaultCacheBehavior: {
            ...behavior,
            FunctionAssociations: {
              Quantity: 1,
              Items: [{ FunctionARN: fnArn, EventType: 'origin-request' }],
            },
          },
        },
        'InvalidFunctionAssociation',
        400,
      ],
      [
        { ...base, DefaultCacheBehavior: { ...behavior, MinTTL: 100, DefaultTTL: 10 } },
        'InvalidTTLOrder',
        400,
      ],
      [
        {
          ...base,
          CacheBehaviors: { Quantity: 1, Items: [{ ...behavior, PathPattern: '/bad pattern/<x>' }] },
        },
        'InvalidArgument',
        400,
      ],
      [
        { ...base, DefaultCacheBehavior: { ...behavior, ForwardedValues: undefined } },
        'InvalidArgument',
        400,
      ],
      [
        { ...base, DefaultCacheBehavior: { ...behavior, ForwardedValues: undefined, CachePolicyId: 'nope' } },
        'NoSuchCachePolicy',
        404,
      ],
      [{ ...base, Origins: { Quantity: 0, Items: [] } }, 'InvalidArgument', 400],
      [{ ...base, Aliases: { Quantity: 1, Items: ['not a host'] } }, 'InvalidArgument', 400],
    ]
    await assertNothingStored(t.controlPlane.state, async () => {
      for (const [config, name, status] of cases) await rejectsWith(create(config), name, status)
    })
    await create(distributionConfig('dup-ref', { Aliases: { Quantity: 1, Items: ['taken.example.com'] } }))
    await assertNothingStored(t.controlPlane.state, async () => {
      await rejectsWith(create(distributionConfig('dup-ref')), 'DistributionAlreadyExists', 409)
      await rejectsWith(
        create(distributionConfig('other-ref', { Aliases: { Quantity: 1, Items: ['TAKEN.example.com'] } })),
        'CNAMEAlreadyExists',
        409,
      )
    })
  })

  test('UpdateDistribution: If-Match, CallerReference fixed, disabling sends a delete to edges', async () => {
    const created = await create(distributionConfig('update-1', {}, fnArn))
    const id = created.Distribution?.Id ?? ''
    const current = await cf.send(new GetDistributionConfigCommand({ Id: id }))
    const config = current.DistributionConfig!
    await assertNothingStored(t.controlPlane.state, async () => {
      await rejectsWith(
        cf.send(new UpdateDistributionCommand({ Id: id, DistributionConfig: config })),
        'InvalidIfMatchVersion',
        400,
      )
      await rejectsWith(
        cf.send(new UpdateDistributionCommand({ Id: id, IfMatch: 'EOLD', DistributionConfig: config })),
        'PreconditionFailed',
        412,
      )
      await rejectsWith(
        cf.send(
          new UpdateDistributionCommand({
            Id: id,
            IfMatch: current.ETag,
            DistributionConfig: { ...config, CallerReference: 'x' },
          }),
        ),
        'IllegalUpdate',
        400,
      )
      await rejectsWith(
        cf.send(
          new UpdateDistributionCommand({
            Id: 'E0000000000000',
            IfMatch: current.ETag,
            DistributionConfig: config,
          }),
        ),
        'NoSuchDistribution',
        404,
      )
    })
    const updated = await cf.send(
      new UpdateDistributionCommand({
        Id: id,
        IfMatch: current.ETag,
        DistributionConfig: { ...config, Enabled: false, Comment: 'off' },
      }),
    )
    assert.notEqual(updated.ETag, current.ETag)
    assert.equal(updated.Distribution?.DistributionConfig?.Enabled, false)
    assert.equal(updated.Distribution?.DistributionConfig?.Comment, 'off')
    const changes = await t.controlPlane.state.listChanges({ entityId: id })
    assert.deepEqual(
      changes.map((c) => c.kind),
      [ChangeKind.distributionPut, ChangeKind.distributionDeleted],
    )
  })

  test('DeleteDistribution: DistributionNotDisabled while enabled, then 204', async () => {
    const created = await create(distributionConfig('delete-1'))
    const id = created.Distribution?.Id ?? ''
    await assertNothingStored(t.controlPlane.state, async () => {
      await rejectsWith(
        cf.send(new DeleteDistributionCommand({ Id: id, IfMatch: created.ETag })),
        'DistributionNotDisabled',
        409,
      )
      await rejectsWith(cf.send(new DeleteDistributionCommand({ Id: id })), 'InvalidIfMatchVersion', 400)
    })
    const config = (await cf.send(new GetDistributionConfigCommand({ Id: id }))).DistributionConfig!
    const disabled = await cf.send(
      new UpdateDistributionCommand({
        Id: id,
        IfMatch: created.ETag,
        DistributionConfig: { ...config, Enabled: false },
      }),
    )
    await rejectsWith(
      cf.send(new DeleteDistributionCommand({ Id: id, IfMatch: created.ETag })),
      'PreconditionFailed',
      412,
    )
    const deleted = await cf.send(new DeleteDistributionCommand({ Id: id, IfMatch: disabled.ETag }))
    assert.equal(deleted.$metadata.httpStatusCode, 204)
    await rejectsWith(cf.send(new GetDistributionCommand({ Id: id })), 'NoSuchDistribution', 404)
  })

  test('ListDistributions: summaries, paged with MaxItems, Marker and NextMarker', async () => {
    for (let i = 0; i < 3; i++) await create(distributionConfig(`list-${i}`, { Comment: `list ${i}` }))
    const all: string[] = []
    let marker: string | undefined
    let pages = 0
    do {
      const page = await cf.send(new ListDistributionsCommand({ MaxItems: 2, Marker: marker }))
      const list = page.DistributionList
      assert.equal(list?.Marker ?? '', marker ?? '')
      assert.equal(list?.IsTruncated, list?.NextMarker !== undefined)
      for (const summary of list?.Items ?? []) {
        all.push(summary.Id ?? '')
        assert.ok(
          summary.Origins?.Quantity !== undefined && summary.DefaultCacheBehavior?.TargetOriginId === 'app',
        )
        assert.equal(typeof summary.Enabled, 'boolean')
      }
      marker = list?.NextMarker
      pages++
    } while (marker !== undefined)
    assert.ok(pages >= 2)
    assert.deepEqual(all, [...all].sort())
    assert.equal(new Set(all).size, all.length)
  })
})
