import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  type CloudFrontClient,
  DescribeFunctionCommand,
  PublishFunctionCommand,
  TestFunctionCommand,
  UpdateFunctionCommand,
} from '@aws-sdk/client-cloudfront'
import { useCloudFrontControlPlane } from '../helpers/cloudfront-control-plane.js'
import { createFunction, encode, rejectsWith, viewerRequestEvent } from '../helpers/cloudfront-fixtures.js'

describe('TestFunction through @aws-sdk/client-cloudfront', () => {
  const context = useCloudFrontControlPlane()

  async function run(name: string, code: string, event = viewerRequestEvent()) {
    const { etag } = await createFunction(context.cf, name, code)
    const out = await context.cf.send(
      new TestFunctionCommand({ Name: name, IfMatch: etag, EventObject: event }),
    )
    return out.TestResult
  }

  test('TestFunction: returns FunctionOutput, logs and ComputeUtilization of a request function', async () => {
    const result = await run(
      't-ok',
      'function handler(event) { console.log("seen " + event.request.uri); return event.request }',
    )
    assert.equal(result?.FunctionErrorMessage ?? '', '')
    assert.deepEqual(result?.FunctionExecutionLogs, ['seen /index.html'])
    const output = JSON.parse(result?.FunctionOutput ?? '') as { request: { uri: string; headers: unknown } }
    assert.equal(output.request.uri, '/index.html')
    assert.deepEqual(output.request.headers, { host: { value: 'example.org' } })
    assert.match(result?.ComputeUtilization ?? '', /^\d{1,3}$/)
    assert.equal(result?.FunctionSummary?.Name, 't-ok')
  })

  test('TestFunction: a throw, a loop past the budget, an invalid return are FunctionErrorMessage', async () => {
    const thrown = await run('t-throw', 'function handler(event) {\n  throw new TypeError("bad input")\n}')
    assert.match(thrown?.FunctionErrorMessage ?? '', /TypeError: bad input \(line 2, column \d+\)/)
    assert.equal(thrown?.FunctionOutput ?? '', '')
    const looped = await run('t-loop', 'function handler(event) { for (;;) {} }')
    assert.match(looped?.FunctionErrorMessage ?? '', /exceeded its compute budget/)
    assert.equal(looped?.ComputeUtilization, '100')
    const invalid = await run('t-invalid', 'function handler(event) { return 42 }')
    assert.match(invalid?.FunctionErrorMessage ?? '', /returned the number 42/)
  })

  test('TestFunction: needs the stage ETag; a bad event is InvalidArgument; LIVE runs the published code', async () => {
    const { etag } = await createFunction(
      context.cf,
      't-stage',
      'function handler(e) { e.request.uri = "/v1"; return e.request }',
    )
    const test = (
      ifMatch: string | undefined,
      stage?: 'LIVE' | 'DEVELOPMENT',
      event = viewerRequestEvent(),
    ) =>
      context.cf.send(
        new TestFunctionCommand({ Name: 't-stage', IfMatch: ifMatch, Stage: stage, EventObject: event }),
      )
    await rejectsWith(test(undefined), 'InvalidIfMatchVersion', 400)
    await rejectsWith(test('ESTALE'), 'PreconditionFailed', 412)
    await rejectsWith(test(etag, 'LIVE'), 'NoSuchFunctionExists', 404)
    await rejectsWith(test(etag, undefined, encode('{not json')), 'InvalidArgument', 400)
    await rejectsWith(
      test(etag, undefined, encode('{"context":{"eventType":"origin-request"}}')),
      'InvalidArgument',
      400,
    )
    await rejectsWith(
      context.cf.send(
        new TestFunctionCommand({ Name: 't-missing', IfMatch: etag, EventObject: viewerRequestEvent() }),
      ),
      'NoSuchFunctionExists',
      404,
    )
    await context.cf.send(new PublishFunctionCommand({ Name: 't-stage', IfMatch: etag }))
    const updated = await context.cf.send(
      new UpdateFunctionCommand({
        Name: 't-stage',
        IfMatch: etag,
        FunctionConfig: { Comment: '', Runtime: 'cloudfront-js-2.0' },
        FunctionCode: encode('function handler(e) { e.request.uri = "/v2"; return e.request }'),
      }),
    )
    const liveEtag = (await context.cf.send(new DescribeFunctionCommand({ Name: 't-stage', Stage: 'LIVE' })))
      .ETag
    const live = await test(liveEtag, 'LIVE')
    assert.equal(
      (JSON.parse(live.TestResult?.FunctionOutput ?? '') as { request: { uri: string } }).request.uri,
      '/v1',
    )
    const dev = await test(updated.ETag, 'DEVELOPMENT')
    assert.equal(
      (JSON.parse(dev.TestResult?.FunctionOutput ?? '') as { request: { uri: string } }).request.uri,
      '/v2',
    )
    // The LIVE ETag does not test DEVELOPMENT.
    await rejectsWith(test(liveEtag, 'DEVELOPMENT'), 'PreconditionFailed', 412)
  })
})
