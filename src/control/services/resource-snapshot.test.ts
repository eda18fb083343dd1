import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { buildSnapshot } from '../feed/snapshot.js'
import { createSqliteStateStore } from '../state/sqlite-state-store.js'
import type { StateStore } from '../state/state-store.js'
import type { DistributionConfig } from './distributions/distribution-config-model.js'
import { createDistributionService } from './distributions/distributions.js'
import { createFunctionService } from './functions/functions.js'
import { distributionSnapshot, functionSnapshot } from './resource-snapshot.js'

const ACCOUNT = '123456789012'
let dataDir: string
let state: StateStore
before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'verge-resources-'))
  state = createSqliteStateStore({ dataDir })
})
after(async () => {
  await state.close()
  rmSync(dataDir, { recursive: true, force: true })
})

function config(reference: string, enabled: boolean, functionArn?: string): DistributionConfig {
  return {
    CallerReference: reference,
    Comment: '',
    Enabled: enabled,
    Origins: [{ Id: 'o', DomainName: 'o.internal', S3OriginConfig: { OriginAccessIdentity: '' } }],
    DefaultCacheBehavior: {
      TargetOriginId: 'o',
      ViewerProtocolPolicy: 'allow-all',
      CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      ...(functionArn === undefined
        ? {}
        : { FunctionAssociations: [{ FunctionARN: functionArn, EventType: 'viewer-request' }] }),
    },
  }
}

test('snapshot contributors: only LIVE functions and enabled distributions reach edges', async () => {
  const functions = createFunctionService({ state, accountId: ACCOUNT })
  const distributions = createDistributionService({ state, accountId: ACCOUNT })
  const code = 'function handler(e) { return e.request }'
  const draft = await functions.createFunction({
    name: 'draft',
    config: { comment: '', runtime: 'cloudfront-js-1.0', keyValueStoreArns: [] },
    code,
  })
  const live = await functions.createFunction({
    name: 'live',
    config: { comment: '', runtime: 'cloudfront-js-2.0', keyValueStoreArns: [] },
    code,
  })
  await functions.publishFunction('live', { ifMatch: live.etag })
  await functions.updateFunction('live', {
    ifMatch: live.etag,
    config: { comment: '', runtime: 'cloudfront-js-2.0', keyValueStoreArns: [] },
    code: 'function handler(e) { return e.request } // v2',
  })
  const enabled = await distributions.createDistribution(config('on', true, live.arn))
  await distributions.createDistribution(config('off', false))
  const snapshot = await buildSnapshot(state, [functionSnapshot(ACCOUNT), distributionSnapshot(ACCOUNT)])
  // The LIVE stage (not the later DEVELOPMENT update) is what edges run.
  assert.deepEqual(snapshot.functions, [{ arn: live.arn, name: 'live', runtime: 'cloudfront-js-2.0', code }])
  assert.deepEqual(
    snapshot.distributions.map((d) => d.Id),
    [enabled.id],
  )
  assert.equal(snapshot.distributions[0]?.ARN, `arn:aws:cloudfront::${ACCOUNT}:distribution/${enabled.id}`)
  assert.ok(!snapshot.functions.some((f) => f.name === draft.name))
})

test('distributions: Status comes from deploymentStatus with the revision of the last change', async () => {
  const seen: number[] = []
  const distributions = createDistributionService({
    state,
    accountId: ACCOUNT,
    deploymentStatus: (revision) => {
      seen.push(revision)
      return 'InProgress'
    },
  })
  const created = await distributions.createDistribution(config('status', true))
  assert.equal(created.status, 'InProgress')
  const [change] = await state.listChanges({ entityId: created.id })
  assert.equal(seen.at(-1), change?.revision)
  const updated = await distributions.updateDistribution(created.id, {
    config: config('status', false),
    ifMatch: created.etag,
  })
  assert.equal(seen.at(-1), await state.latestRevision())
  assert.notEqual(updated.etag, created.etag)
})
