import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { type CloudFrontClient, TestFunctionCommand } from '@aws-sdk/client-cloudfront'
import { ConsoleClient } from '../console/console-client.js'
import { useCloudFrontControlPlane } from '../helpers/cloudfront-control-plane.js'
import { createFunction, encode, viewerRequestEvent } from '../helpers/cloudfront-fixtures.js'
import { startTestControlPlane, TEST_CREDENTIALS, type TestControlPlane } from '../helpers/control-plane.js'

// A result the edge refuses with a 502 is a TestResult with FunctionErrorMessage and no
// FunctionOutput, so that a user sees the bug before publishing.

const viewerResponseEvent = (): Uint8Array =>
  encode(
    JSON.stringify({
      version: '1.0',
      context: { eventType: 'viewer-response' },
      viewer: { ip: '198.51.100.11' },
      request: { method: 'GET', uri: '/index.html', headers: {} },
      response: { statusCode: 200, headers: { 'content-encoding': { value: 'gzip' } } },
    }),
  )

describe('TestFunction: an invalid result is reported as the edge refuses it', () => {
  const context = useCloudFrontControlPlane()

  async function run(name: string, body: string, event = viewerRequestEvent()) {
    const { etag } = await createFunction(context.cf, name, `function handler(event) { ${body} }`)
    const out = await context.cf.send(
      new TestFunctionCommand({ Name: name, IfMatch: etag, EventObject: event }),
    )
    return out.TestResult
  }

  test('TestFunction: a uri without "/", a disallowed or read-only header, a changed method', async () => {
    const cases: [string, string, RegExp][] = [
      [
        't-uri',
        'event.request.uri = "index.html"; return event.request',
        /request\.uri must begin with "\/"/,
      ],
      [
        't-disallowed',
        'event.request.headers["x-cache"] = { value: "forged" }; return event.request',
        /x-cache/,
      ],
      [
        't-read-only',
        'event.request.headers.host = { value: "elsewhere.test" }; return event.request',
        /host/,
      ],
      ['t-method', 'event.request.method = "POST"; return event.request', /request\.method is read-only/],
      [
        't-generated',
        'return { statusCode: 200, headers: { "x-amz-cf-id": { value: "x" } } }',
        /x-amz-cf-id/,
      ],
    ]
    for (const [name, body, message] of cases) {
      const result = await run(name, body)
      assert.match(result?.FunctionErrorMessage ?? '', message, name)
      assert.equal(result?.FunctionOutput ?? '', '', `${name}: no output for a refused result`)
    }
  })

  test('TestFunction: a viewer-response function that changes a read-only header', async () => {
    const result = await run(
      't-response-read-only',
      'event.response.headers["content-encoding"] = { value: "br" }; return event.response',
      viewerResponseEvent(),
    )
    assert.match(result?.FunctionErrorMessage ?? '', /content-encoding/)
    assert.equal(result?.FunctionOutput ?? '', '')
  })

  test('console: the test of a function whose result the edge refuses shows the error', async () => {
    const client = new ConsoleClient(context.t.controlPlane.url)
    assert.equal(
      (await client.login(TEST_CREDENTIALS.accessKeyId, TEST_CREDENTIALS.secretAccessKey)).status,
      200,
    )
    const created = await client.request('POST', '/console/api/functions', {
      json: {
        name: 'c-relative',
        runtime: 'cloudfront-js-2.0',
        comment: '',
        code: 'function handler(event) { event.request.uri = "no-slash"; return event.request }',
      },
    })
    assert.equal(created.status, 201)
    const event = {
      version: '1.0',
      context: { eventType: 'viewer-request' },
      viewer: { ip: '1.2.3.4' },
      request: { method: 'GET', uri: '/a', headers: {} },
    }
    const tested = await client.request('POST', '/console/api/functions/c-relative/test', { json: { event } })
    assert.equal(tested.status, 200)
    const result = (tested.body as { result: { errorMessage?: string; output?: unknown } }).result
    assert.match(result.errorMessage ?? '', /request\.uri must begin with "\/"/)
    assert.equal(result.output, undefined)
  })
})
