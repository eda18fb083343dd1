import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import {
  CloudFrontClient,
  CloudFrontServiceException,
  CreateFunctionCommand,
  ListFunctionsCommand,
} from '@aws-sdk/client-cloudfront'
import { ListKeysCommand, PutKeyCommand } from '@aws-sdk/client-cloudfront-keyvaluestore'
import { AuthError } from '../../src/control/auth/auth-errors.js'
import type { Credentials } from '../../src/control/auth/credentials.js'
import { verifyRequest } from '../../src/control/auth/verify-request.js'
import { createKvsClient } from '../helpers/kvs-client.js'

/**
 * The unmodified SDK clients against a bare node HTTP server whose only logic is
 * `verifyRequest` on `req.url`, `req.headers` and the raw body: what the wire really carries.
 */

const credentials: Credentials = {
  accessKeyId: 'AKIAVERGEE2E00000001',
  secretAccessKey: 'e2e/secret+key=0123456789abcdefghijklmn',
}
const ARN = 'arn:aws:cloudfront::123456789012:key-value-store/37435e19-c205-4271-9e5c-0123456789ab'

interface Seen {
  path: string
  host: string | undefined
  outcome: string
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks)
}

describe('verifyRequest behind a real HTTP server, called by the real SDK clients', () => {
  let server: Server
  let url: string
  const seen: Seen[] = []

  before(async () => {
    server = createServer(async (req, res) => {
      const body = await readAll(req)
      let outcome: string
      try {
        const verified = verifyRequest(
          { method: req.method ?? 'GET', rawUrl: req.url ?? '/', headers: req.headers, body },
          credentials,
        )
        outcome = `${verified.algorithm} ${verified.service}`
      } catch (error) {
        outcome = error instanceof AuthError ? error.code : `unexpected ${String(error)}`
      }
      seen.push({ path: req.url ?? '', host: req.headers.host, outcome })
      const ok = outcome.startsWith('AWS4')
      if (req.url?.startsWith('/key-value-stores/')) {
        res.writeHead(ok ? 200 : 403, {
          'content-type': 'application/json',
          ...(ok ? { etag: 'KV1' } : { 'x-amzn-errortype': 'AccessDeniedException' }),
        })
        res.end(ok ? '{"ItemCount":1,"TotalSizeInBytes":10,"Items":[]}' : '{"Message":"denied"}')
        return
      }
      const xmlns = 'xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"'
      res.writeHead(ok ? (req.method === 'POST' ? 201 : 200) : 403, { 'content-type': 'application/xml' })
      res.end(
        !ok
          ? `<ErrorResponse ${xmlns}><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>denied</Message></Error></ErrorResponse>`
          : req.method === 'POST'
            ? `<FunctionSummary ${xmlns}><Name>hello</Name></FunctionSummary>`
            : `<FunctionList ${xmlns}><MaxItems>5</MaxItems><Quantity>0</Quantity></FunctionList>`,
      )
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  after(() => new Promise<void>((resolve) => server.close(() => resolve())))

  function cloudFront(region: string, creds: Credentials = credentials): CloudFrontClient {
    return new CloudFrontClient({ region, endpoint: url, credentials: { ...creds }, maxAttempts: 1 })
  }

  test('auth e2e: @aws-sdk/client-cloudfront CreateFunction and ListFunctions verify as SigV4, any region', async () => {
    for (const region of ['us-east-1', 'ap-southeast-2']) {
      const client = cloudFront(region)
      try {
        seen.length = 0
        await client.send(
          new CreateFunctionCommand({
            Name: 'hello',
            FunctionConfig: { Comment: 'a & b', Runtime: 'cloudfront-js-2.0' },
            FunctionCode: Buffer.from('function handler(e) { return e.request }'),
          }),
        )
        await client.send(new ListFunctionsCommand({ MaxItems: 5, Marker: 'next+page/=', Stage: 'LIVE' }))
        assert.deepEqual(
          seen.map((s) => s.outcome),
          ['AWS4-HMAC-SHA256 cloudfront', 'AWS4-HMAC-SHA256 cloudfront'],
        )
        assert.match(seen[1]?.path ?? '', /Marker=next%2Bpage%2F%3D/)
      } finally {
        client.destroy()
      }
    }
  })

  test('auth e2e: @aws-sdk/client-cloudfront-keyvaluestore signs SigV4A with the account-prefixed Host', async () => {
    const client = createKvsClient({ url, credentials })
    try {
      seen.length = 0
      await client.send(new PutKeyCommand({ KvsARN: ARN, Key: 'my key/ü', Value: '{"a":1}', IfMatch: 'KV0' }))
      await client.send(new ListKeysCommand({ KvsARN: ARN, MaxResults: 5, NextToken: 'abc+=' }))
      assert.deepEqual(
        seen.map((s) => s.outcome),
        [
          'AWS4-ECDSA-P256-SHA256 cloudfront-keyvaluestore',
          'AWS4-ECDSA-P256-SHA256 cloudfront-keyvaluestore',
        ],
      )
      assert.match(seen[0]?.host ?? '', /^123456789012\.localhost:\d+$/)
      assert.match(seen[0]?.path ?? '', /%3Akey-value-store%2F.*\/keys\/my%20key%2F%C3%BC$/)
    } finally {
      client.destroy()
    }
  })

  test('auth e2e: a client with the wrong secret is refused with SignatureMismatch', async () => {
    const client = cloudFront('us-east-1', { ...credentials, secretAccessKey: 'not-the-secret' })
    try {
      seen.length = 0
      await assert.rejects(client.send(new ListFunctionsCommand({})), CloudFrontServiceException)
      assert.deepEqual(
        seen.map((s) => s.outcome),
        ['SignatureMismatch'],
      )
    } finally {
      client.destroy()
    }
  })
})
