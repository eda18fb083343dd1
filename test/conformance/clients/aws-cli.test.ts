import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { distributionConfig, REQUEST_CODE, viewerRequestEvent } from '../../helpers/cloudfront-fixtures.js'
import { startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js'
import { type ClientRun, clientEnv, runClient, scratch } from './outside-client.js'

const HEADER_CODE = `function handler(event) {
  var request = event.request
  request.headers['x-verge-cli'] = { value: 'yes' }
  return request
}`

// The AWS CLI (v1 or v2) against the CloudFront API of a real control plane: every call goes
// through the CLI's own parsing, signing and error printing.
describe('AWS CLI against the CloudFront API', () => {
  let t: TestControlPlane
  let files: ReturnType<typeof scratch>
  let env: NodeJS.ProcessEnv
  /** The AWS CLI on PATH, else Debian's (`awscli`). */
  let awsCommand: string | undefined

  before(async () => {
    t = await startTestControlPlane()
    files = scratch()
    env = clientEnv(t.controlPlane.credentials, files.dir)
    for (const candidate of ['aws', '/usr/bin/aws']) {
      if ((await runClient(candidate, ['--version'], env)).code === 0) {
        awsCommand = candidate
        break
      }
    }
  })
  after(async () => {
    files.remove()
    await t.stop()
  })

  const aws = (...args: string[]): Promise<ClientRun> =>
    runClient(
      awsCommand ?? 'aws',
      ['cloudfront', ...args, '--endpoint-url', t.controlPlane.url, '--output', 'json'],
      env,
    )

  // biome-ignore lint/suspicious/noExplicitAny: the CLI's JSON output, read member by member by the assertions
  async function awsJson<T = Record<string, any>>(...args: string[]): Promise<T> {
    const run = await aws(...args)
    assert.equal(run.code, 0, `aws cloudfront ${args[0]} failed: ${run.stderr}`)
    return JSON.parse(run.stdout) as T
  }

  /** The CLI prints `An error occurred (<Code>) when calling the <Operation> operation`. */
  function assertError(run: ClientRun, code: string, operation: string): void {
    assert.notEqual(run.code, 0, `expected ${code}, the CLI succeeded: ${run.stdout}`)
    assert.match(run.stderr, new RegExp(`\\(${code}\\) when calling the ${operation} operation`))
  }

  test('aws CLI: create-function, describe-function, test-function, publish-function', async (c) => {
    if (awsCommand === undefined) return c.skip('aws CLI not installed')
    const code = files.file('header.js', HEADER_CODE)
    const created = await awsJson(
      'create-function',
      '--name',
      'cli-header',
      '--function-config',
      JSON.stringify({ Comment: 'from the CLI', Runtime: 'cloudfront-js-2.0' }),
      '--function-code',
      `fileb://${code}`,
    )
    assert.equal(created.FunctionSummary.Name, 'cli-header')
    assert.equal(created.FunctionSummary.Status, 'UNPUBLISHED')
    assert.match(created.ETag, /^E[0-9A-Z]{12}$/)

    const described = await awsJson('describe-function', '--name', 'cli-header')
    assert.equal(described.ETag, created.ETag)
    assert.equal(described.FunctionSummary.FunctionConfig.Comment, 'from the CLI')
    assert.equal(described.FunctionSummary.FunctionMetadata.Stage, 'DEVELOPMENT')

    const event = files.file('event.json', viewerRequestEvent('/cli'))
    const tested = await awsJson(
      'test-function',
      '--name',
      'cli-header',
      '--if-match',
      created.ETag,
      '--event-object',
      `fileb://${event}`,
    )
    assert.equal(tested.TestResult.FunctionErrorMessage ?? '', '')
    const output = JSON.parse(tested.TestResult.FunctionOutput)
    assert.equal(output.request.uri, '/cli')
    assert.deepEqual(output.request.headers['x-verge-cli'], { value: 'yes' })

    const published = await awsJson('publish-function', '--name', 'cli-header', '--if-match', created.ETag)
    assert.equal(published.FunctionSummary.Status, 'UNASSOCIATED')
    assert.equal(published.FunctionSummary.FunctionMetadata.Stage, 'LIVE')
    const live = await awsJson('describe-function', '--name', 'cli-header', '--stage', 'LIVE')
    assert.equal(live.FunctionSummary.FunctionMetadata.Stage, 'LIVE')
  })

  test('aws CLI: create-distribution, update-distribution, wait distribution-deployed', async (c) => {
    if (awsCommand === undefined) return c.skip('aws CLI not installed')
    const code = files.file('request.js', REQUEST_CODE)
    const fn = await awsJson(
      'create-function',
      '--name',
      'cli-dist-fn',
      '--function-config',
      JSON.stringify({ Comment: '', Runtime: 'cloudfront-js-2.0' }),
      '--function-code',
      `fileb://${code}`,
    )
    await awsJson('publish-function', '--name', 'cli-dist-fn', '--if-match', fn.ETag)
    const arn = fn.FunctionSummary.FunctionMetadata.FunctionARN as string

    const config = files.file('dist.json', JSON.stringify(distributionConfig('cli-ref', {}, arn)))
    const created = await awsJson('create-distribution', '--distribution-config', `file://${config}`)
    const id = created.Distribution.Id as string
    assert.match(id, /^E[0-9A-Z]{13}$/)
    assert.equal(created.Distribution.DistributionConfig.CallerReference, 'cli-ref')

    const waited = await aws('wait', 'distribution-deployed', '--id', id)
    assert.equal(waited.code, 0, waited.stderr)
    const deployed = await awsJson('get-distribution', '--id', id)
    assert.equal(deployed.Distribution.Status, 'Deployed')
    const used = await awsJson('describe-function', '--name', 'cli-dist-fn', '--stage', 'LIVE')
    assert.equal(used.FunctionSummary.Status, 'DEPLOYED')

    const current = await awsJson('get-distribution-config', '--id', id)
    const changed = { ...current.DistributionConfig, Comment: 'updated by the CLI' }
    const updatedConfig = files.file('dist-updated.json', JSON.stringify(changed))
    const updated = await awsJson(
      'update-distribution',
      '--id',
      id,
      '--if-match',
      current.ETag,
      '--distribution-config',
      `file://${updatedConfig}`,
    )
    assert.equal(updated.Distribution.DistributionConfig.Comment, 'updated by the CLI')
    assert.notEqual(updated.ETag, current.ETag)
    const again = await aws('wait', 'distribution-deployed', '--id', id)
    assert.equal(again.code, 0, again.stderr)
  })

  test('aws CLI: NoSuchFunctionExists, PreconditionFailed and InvalidArgument as the CLI reports them', async (c) => {
    if (awsCommand === undefined) return c.skip('aws CLI not installed')
    assertError(
      await aws('describe-function', '--name', 'cli-missing'),
      'NoSuchFunctionExists',
      'DescribeFunction',
    )

    const code = files.file('stale.js', REQUEST_CODE)
    const configArg = JSON.stringify({ Comment: '', Runtime: 'cloudfront-js-2.0' })
    const created = await awsJson(
      'create-function',
      '--name',
      'cli-stale',
      '--function-config',
      configArg,
      '--function-code',
      `fileb://${code}`,
    )
    const update = (etag: string) =>
      aws(
        'update-function',
        '--name',
        'cli-stale',
        '--if-match',
        etag,
        '--function-config',
        configArg,
        '--function-code',
        `fileb://${code}`,
      )
    const first = await update(created.ETag)
    assert.equal(first.code, 0, first.stderr)
    assertError(await update(created.ETag), 'PreconditionFailed', 'UpdateFunction')

    const bad = distributionConfig('cli-bad-origin')
    const origin = bad.Origins?.Items?.[0]
    assert.ok(origin !== undefined)
    origin.DomainName = '127.0.0.1:8000'
    const badConfig = files.file('bad.json', JSON.stringify(bad))
    assertError(
      await aws('create-distribution', '--distribution-config', `file://${badConfig}`),
      'InvalidArgument',
      'CreateDistribution',
    )
  })
})
