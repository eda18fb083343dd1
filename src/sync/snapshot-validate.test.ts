import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Snapshot } from './protocol.js'
import { SnapshotShapeError, validateSnapshot } from './snapshot-validate.js'

// biome-ignore lint/suspicious/noExplicitAny: a test reaches into arbitrary JSON to damage it
type MutableJson = Record<string, any>

function sample(): Snapshot {
  return {
    databaseId: '0123456789abcdef0123456789abcdef',
    revision: 12,
    keyValueStores: [
      {
        id: 'kvs-1',
        name: 'demo',
        created: '2026-12-01T10:00:00.000Z',
        lastModified: '2026-12-01T10:00:01.000Z',
        entries: [
          ['hello', 'Hello World'],
          ['blog', 'blog-v1'],
        ],
      },
    ],
    functions: [
      {
        arn: 'arn:aws:cloudfront::000000000000:function/key-echo',
        name: 'key-echo',
        runtime: 'cloudfront-js-2.0',
        code: 'function handler(e) { return e.request }',
        keyValueStoreId: 'kvs-1',
      },
    ],
    distributions: [
      {
        Id: 'E1U5RQF7T870K0',
        DomainName: 'd111111abcdef8.cloudfront.net',
        ARN: 'arn:aws:cloudfront::000000000000:distribution/E1U5RQF7T870K0',
        Config: {
          CallerReference: 'demo',
          Aliases: ['demo.example'],
          Origins: [
            {
              Id: 'origin',
              DomainName: '127.0.0.1',
              OriginPath: '',
              CustomHeaders: [],
              CustomOriginConfig: { HTTPPort: 4001, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
            },
          ],
          DefaultCacheBehavior: {
            TargetOriginId: 'origin',
            ViewerProtocolPolicy: 'allow-all',
            FunctionAssociations: [
              {
                FunctionARN: 'arn:aws:cloudfront::000000000000:function/key-echo',
                EventType: 'viewer-request',
              },
            ],
          },
          CacheBehaviors: [
            {
              PathPattern: '/blog/*',
              TargetOriginId: 'origin',
              ViewerProtocolPolicy: 'allow-all',
              FunctionAssociations: [],
              MinTTL: 0,
            },
          ],
          Comment: '',
          Enabled: true,
        },
      },
    ],
  }
}

/** `sample()` with one member replaced (a JSON round trip, then `mutate`). */
function broken(mutate: (s: MutableJson) => void): unknown {
  const copy = JSON.parse(JSON.stringify(sample())) as MutableJson
  mutate(copy)
  return copy
}

function refusedAt(value: unknown): string {
  try {
    validateSnapshot(value)
  } catch (error) {
    assert.ok(error instanceof SnapshotShapeError)
    assert.equal(error.code, 'InvalidSnapshot')
    return error.path
  }
  assert.fail('the snapshot was accepted')
}

test('validateSnapshot: accepts a snapshot of the right shape, and one without an identity', () => {
  assert.deepEqual(validateSnapshot(sample()), sample())
  const legacy = broken((s) => {
    delete s.databaseId
  })
  assert.equal(validateSnapshot(legacy).revision, 12)
})

test('validateSnapshot: refuses what is not a snapshot at all', () => {
  for (const value of [null, 42, 'snapshot', [], { revision: 1 }]) assert.ok(refusedAt(value) !== undefined)
  assert.equal(refusedAt({ revision: -1, keyValueStores: [], functions: [], distributions: [] }), 'revision')
  assert.equal(refusedAt({ revision: 1.5, keyValueStores: [], functions: [], distributions: [] }), 'revision')
})

test('validateSnapshot: names the first wrong member of a store, a function or a distribution', () => {
  const cases: [(s: MutableJson) => void, string][] = [
    [(s) => (s.keyValueStores = {}), 'keyValueStores'],
    [(s) => (s.keyValueStores[0].entries[1] = ['blog']), 'keyValueStores[0].entries[1]'],
    [(s) => (s.keyValueStores[0].entries[1][1] = 7), 'keyValueStores[0].entries[1][1]'],
    [(s) => s.keyValueStores[0].entries.push(['hello', 'again']), 'keyValueStores[0].entries[2]'],
    [(s) => (s.keyValueStores[0].created = 'yesterday'), 'keyValueStores[0].created'],
    [(s) => s.keyValueStores.push(s.keyValueStores[0]), 'keyValueStores[1]'],
    [(s) => (s.functions[0].runtime = 'nodejs20.x'), 'functions[0].runtime'],
    [(s) => delete s.functions[0].code, 'functions[0].code'],
    [(s) => (s.functions[0].keyValueStoreId = null), 'functions[0].keyValueStoreId'],
    [(s) => s.functions.push(s.functions[0]), 'functions[1]'],
    [(s) => delete s.distributions[0].Config.CacheBehaviors, 'distributions[0].Config.CacheBehaviors'],
    [
      (s) => (s.distributions[0].Config.CacheBehaviors[0].PathPattern = 5),
      'distributions[0].Config.CacheBehaviors[0].PathPattern',
    ],
    [
      (s) =>
        (s.distributions[0].Config.DefaultCacheBehavior.FunctionAssociations[0].EventType = 'origin-request'),
      'distributions[0].Config.DefaultCacheBehavior.FunctionAssociations[0].EventType',
    ],
    [
      (s) => (s.distributions[0].Config.Origins[0].CustomOriginConfig.HTTPPort = '4001'),
      'distributions[0].Config.Origins[0].CustomOriginConfig.HTTPPort',
    ],
    [(s) => (s.distributions[0].Config.Aliases = 'demo.example'), 'distributions[0].Config.Aliases'],
    [(s) => (s.distributions[0].Config.Enabled = 'true'), 'distributions[0].Config.Enabled'],
  ]
  for (const [mutate, path] of cases) assert.equal(refusedAt(broken(mutate)), path)
})

test('validateSnapshot: takes certificates (or none, as older files have), refuses a duplicate or one without a key', () => {
  const certificate = {
    arn: 'arn:aws:acm:us-east-1:000000000000:certificate/c1',
    certificate: 'PEM',
    privateKey: 'KEY',
  }
  assert.doesNotThrow(() => validateSnapshot({ ...sample(), certificates: [certificate] }))
  assert.doesNotThrow(() => validateSnapshot(sample()))
  assert.throws(
    () => validateSnapshot({ ...sample(), certificates: [certificate, certificate] }),
    SnapshotShapeError,
  )
  const { privateKey: _, ...keyless } = certificate
  assert.throws(() => validateSnapshot({ ...sample(), certificates: [keyless] }), /privateKey/)
  const distribution = { ...sample().distributions[0]! } as MutableJson
  distribution.Config = { ...distribution.Config, ViewerCertificate: { ACMCertificateArn: '' } }
  assert.throws(() => validateSnapshot({ ...sample(), distributions: [distribution] }), /ACMCertificateArn/)
})
