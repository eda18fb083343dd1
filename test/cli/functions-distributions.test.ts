import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { KEY_ECHO_FUNCTION } from '../../src/cli/demo/seed-functions.js'
import { type CliFixture, parseJson, startCliFixture } from './cli-process.js'

let fx: CliFixture

before(async () => {
  fx = await startCliFixture()
})

after(async () => {
  await fx.stop()
})

function file(name: string, text: string): string {
  const path = join(fx.home, name)
  writeFileSync(path, text)
  return path
}

interface SummaryOutput {
  ETag?: string
  FunctionSummary: {
    Name: string
    Status: string
    FunctionConfig: { Comment: string; Runtime: string; KeyValueStoreAssociations: { Quantity: number } }
    FunctionMetadata: { Stage: string; FunctionARN: string }
  }
}

const THROWING = `function handler(event) {\n  console.log('about to fail');\n  throw new Error('boom');\n}\n`
const HEADER_ECHO = `function handler(event) {
  var r = event.request;
  console.log(r.method + ' ' + r.uri);
  return { statusCode: 200, statusDescription: 'OK', headers: { 'x-seen': { value: JSON.stringify({ h: r.headers, c: r.cookies, q: r.querystring }) } } };
}
`

test('verge function: create, describe, list, code, update, publish and delete, with --output json', async () => {
  const code = file('echo.js', HEADER_ECHO)
  const created = await fx.vergeJson<SummaryOutput>(
    'function',
    'create',
    'cli-echo',
    '--code',
    code,
    '--comment',
    'v1',
  )
  assert.equal(created.FunctionSummary.FunctionMetadata.Stage, 'DEVELOPMENT')
  assert.equal(created.FunctionSummary.FunctionConfig.Runtime, 'cloudfront-js-2.0')

  const described = await fx.vergeJson<SummaryOutput>('function', 'describe', 'cli-echo')
  assert.equal(described.FunctionSummary.FunctionConfig.Comment, 'v1')
  assert.ok(described.ETag)

  const fetched = await fx.verge('function', 'code', 'cli-echo')
  assert.equal(fetched.stdout, HEADER_ECHO)
  const fetchedJson = await fx.vergeJson<{ FunctionCode: string }>('function', 'code', 'cli-echo')
  assert.equal(fetchedJson.FunctionCode, HEADER_ECHO)

  // Only the comment changes: code and runtime are kept.
  const updated = await fx.vergeJson<SummaryOutput>('function', 'update', 'cli-echo', '--comment', 'v2')
  assert.equal(updated.FunctionSummary.FunctionConfig.Comment, 'v2')
  assert.equal((await fx.verge('function', 'code', 'cli-echo')).stdout, HEADER_ECHO)

  const published = await fx.vergeJson<SummaryOutput>('function', 'publish', 'cli-echo')
  assert.equal(published.FunctionSummary.FunctionMetadata.Stage, 'LIVE')
  const live = await fx.vergeJson<SummaryOutput>('function', 'describe', 'cli-echo', '--stage', 'live')
  assert.equal(live.FunctionSummary.FunctionConfig.Comment, 'v2')

  const listed = await fx.vergeJson<SummaryOutput['FunctionSummary'][]>('function', 'list')
  assert.ok(listed.some((f) => f.Name === 'cli-echo'))
  const table = await fx.verge('function', 'list')
  assert.match(table.stdout, /^NAME\s+STAGE\s+STATUS\s+RUNTIME/)

  const deleted = await fx.vergeJson<{ Deleted: boolean }>('function', 'delete', 'cli-echo')
  assert.equal(deleted.Deleted, true)
  const gone = await fx.verge('function', 'describe', 'cli-echo')
  assert.equal(gone.code, 3)
  assert.match(gone.stderr, /^error: NoSuchFunctionExists: /)
})

test('verge function test: flags become the event (headers, cookies, query), or an event file is sent as is', async () => {
  await fx.vergeJson('function', 'create', 'cli-probe', '--code', file('probe.js', HEADER_ECHO))
  const result = await fx.vergeJson<{
    TestResult: { FunctionOutput: string; FunctionExecutionLogs: string[] }
  }>(
    'function',
    'test',
    'cli-probe',
    '--method',
    'post',
    '--url',
    'https://shop.example/cart?item=1&item=2',
    '--header',
    'Accept: text/html',
    '--cookie',
    'session=abc',
  )
  assert.deepEqual(result.TestResult.FunctionExecutionLogs, ['POST /cart'])
  const out = JSON.parse(result.TestResult.FunctionOutput) as {
    response: { headers: Record<string, { value: string }> }
  }
  const seen = JSON.parse(out.response.headers['x-seen']?.value ?? '{}')
  assert.deepEqual(seen.h, { accept: { value: 'text/html' }, host: { value: 'shop.example' } })
  assert.deepEqual(seen.c, { session: { value: 'abc' } })
  assert.deepEqual(seen.q, { item: { value: '1', multiValue: [{ value: '1' }, { value: '2' }] } })

  const event = file(
    'event.json',
    JSON.stringify({
      version: '1.0',
      context: { eventType: 'viewer-request' },
      viewer: { ip: '203.0.113.9' },
      request: { method: 'DELETE', uri: '/from-file', querystring: {}, headers: {}, cookies: {} },
    }),
  )
  const fromFile = await fx.vergeJson<{ TestResult: { FunctionExecutionLogs: string[] } }>(
    'function',
    'test',
    'cli-probe',
    '--event',
    event,
  )
  assert.deepEqual(fromFile.TestResult.FunctionExecutionLogs, ['DELETE /from-file'])

  const both = await fx.verge('function', 'test', 'cli-probe', '--event', event, '--url', '/x')
  assert.equal(both.code, 2)
})

test('verge function test: a function that throws prints the error and logs, exit 1', async () => {
  await fx.vergeJson('function', 'create', 'cli-throws', '--code', file('throws.js', THROWING))
  const result = await fx.verge('function', 'test', 'cli-throws', '--output', 'json')
  assert.equal(result.code, 1)
  const parsed = parseJson<{ TestResult: { FunctionErrorMessage: string; FunctionExecutionLogs: string[] } }>(
    result,
  )
  assert.match(parsed.TestResult.FunctionErrorMessage, /boom/)
  assert.deepEqual(parsed.TestResult.FunctionExecutionLogs, ['about to fail'])
  assert.match(result.stderr, /^error: FunctionError: .*boom/)

  const human = await fx.verge('function', 'test', 'cli-throws')
  assert.match(human.stdout, /Error:\s+.*boom/)
  assert.match(human.stdout, /Logs \(1\):\n {2}about to fail/)
})

test('verge distribution: create from JSON, list, describe, update, disassociate, refuse and then delete', async () => {
  await fx.vergeJson('function', 'create', 'cli-dist-fn', '--code', file('fn.js', KEY_ECHO_FUNCTION))
  const notLive = await fx.verge('distribution', 'associate', 'EDOESNOTMATTER', '--function', 'cli-dist-fn')
  assert.equal(notLive.code, 3, 'an unpublished function has no LIVE stage to attach')
  await fx.vergeJson('function', 'publish', 'cli-dist-fn')

  // The SDK's shape with explicit Quantity, as the AWS CLI takes it.
  const config = {
    DistributionConfig: {
      CallerReference: 'cli-dist-1',
      Comment: 'from json',
      Enabled: true,
      Origins: {
        Quantity: 1,
        Items: [
          {
            Id: 'o',
            DomainName: '127.0.0.1',
            CustomOriginConfig: { HTTPPort: 9, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
          },
        ],
      },
      DefaultCacheBehavior: {
        TargetOriginId: 'o',
        ViewerProtocolPolicy: 'allow-all',
        CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
        FunctionAssociations: {
          Quantity: 1,
          Items: [{ FunctionARN: 'cli-dist-fn', EventType: 'viewer-request' }],
        },
      },
    },
  }
  const created = await fx.vergeJson<{ ETag: string; Distribution: { Id: string } }>(
    'distribution',
    'create',
    '--file',
    file('dist.json', JSON.stringify(config)),
  )
  const id = created.Distribution.Id

  const listed = await fx.vergeJson<Array<{ Id: string; Comment: string }>>('distribution', 'list')
  assert.deepEqual(listed.find((d) => d.Id === id)?.Comment, 'from json')

  // Update from YAML: the CallerReference is carried over when the file has none.
  const yaml = file(
    'dist.yaml',
    `Comment: from yaml
Enabled: true
Origins:
  - {Id: o, DomainName: 127.0.0.1, CustomOriginConfig: {HTTPPort: 9, HTTPSPort: 443, OriginProtocolPolicy: http-only}}
DefaultCacheBehavior:
  TargetOriginId: o
  ViewerProtocolPolicy: allow-all
  CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
  FunctionAssociations:
    - {FunctionARN: cli-dist-fn, EventType: viewer-request}
`,
  )
  const updated = await fx.vergeJson<{
    Distribution: { DistributionConfig: { Comment: string; CallerReference: string } }
  }>('distribution', 'update', id, '--file', yaml)
  assert.equal(updated.Distribution.DistributionConfig.Comment, 'from yaml')
  assert.equal(updated.Distribution.DistributionConfig.CallerReference, 'cli-dist-1')

  // In use: the function cannot be deleted (FunctionInUse, exit 1).
  const inUse = await fx.verge('function', 'delete', 'cli-dist-fn')
  assert.equal(inUse.code, 1)
  assert.match(inUse.stderr, /^error: FunctionInUse: /)

  const detached = await fx.vergeJson<{
    Distribution: {
      DistributionConfig: { DefaultCacheBehavior: { FunctionAssociations: { Quantity: number } } }
    }
  }>('distribution', 'disassociate', id)
  assert.equal(detached.Distribution.DistributionConfig.DefaultCacheBehavior.FunctionAssociations.Quantity, 0)

  const described = await fx.vergeJson<{ ETag: string; Distribution: { Id: string; Status: string } }>(
    'distribution',
    'describe',
    id,
  )
  assert.equal(described.Distribution.Id, id)

  const refused = await fx.verge('distribution', 'delete', id)
  assert.equal(refused.code, 1)
  assert.match(refused.stderr, /^error: DistributionNotDisabled: .*--disable-first/)

  const deleted = await fx.vergeJson<{ Deleted: boolean }>('distribution', 'delete', id, '--disable-first')
  assert.equal(deleted.Deleted, true)
  const gone = await fx.verge('distribution', 'describe', id)
  assert.equal(gone.code, 3)
  assert.match(gone.stderr, /^error: NoSuchDistribution: /)
})
