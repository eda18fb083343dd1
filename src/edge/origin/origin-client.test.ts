import assert from 'node:assert/strict'
import diagnostics from 'node:diagnostics_channel'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import { OriginClient, type OriginRequest, type OriginRequestBody, originHeaders } from './origin-client.js'
import { OriginError } from './origin-errors.js'
import { type OriginTarget, overrideOrigin, resolveOrigin } from './origin-target.js'

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

const request: OriginRequest = {
  method: 'GET',
  path: '/x',
  headers: [],
  body: undefined,
  clientIp: '198.51.100.7',
  viewerProtocol: 'http',
  requestId: 'req-1',
  via: '1.1 e.verge (Verge)',
}

function target(port: number, attempts: number): OriginTarget {
  return resolveOrigin(
    {
      Id: 'o',
      DomainName: '127.0.0.1',
      OriginPath: '',
      CustomHeaders: [],
      ConnectionAttempts: attempts,
      CustomOriginConfig: { HTTPPort: port, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
    },
    'http',
  )
}

test('OriginClient: a refused connection is retried ConnectionAttempts times, then OriginUnreachable', async () => {
  const port = await closedPort()
  let connectErrors = 0
  const onError = (message: unknown) => {
    const params = (message as { connectParams?: { port?: unknown } }).connectParams
    if (Number(params?.port) === port) connectErrors++
  }
  diagnostics.subscribe('undici:client:connectError', onError)
  const client = new OriginClient()
  try {
    await assert.rejects(client.fetch(target(port, 3), request), (error: unknown) => {
      assert.ok(error instanceof OriginError)
      assert.equal(error.code, 'OriginUnreachable')
      return true
    })
    assert.equal(connectErrors, 3)
    connectErrors = 0
    await assert.rejects(client.fetch(target(port, 1), request), OriginError)
    assert.equal(connectErrors, 1)
  } finally {
    diagnostics.unsubscribe('undici:client:connectError', onError)
    await client.close()
  }
})

/** A real origin answering `status` with its name and the body it read. */
async function namedOrigin(name: string, status: number) {
  const seen: { method: string; body: string }[] = []
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      seen.push({ method: req.method ?? '', body: Buffer.concat(chunks).toString() })
      res.writeHead(status).end(name)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  return { port, seen, close }
}

/** A body streamed from fixed chunks (the viewer side is tested in test/edge/request-body). */
function streamedBody(parts: string[]): OriginRequestBody {
  let started = false
  return {
    length: undefined,
    get started() {
      return started
    },
    async *chunks() {
      started = true
      for (const part of parts) yield Buffer.from(part)
    },
  }
}

test('OriginClient: an origin group fails over for GET, never for POST (as CloudFront)', async () => {
  const primary = await namedOrigin('primary', 500)
  const secondary = await namedOrigin('secondary', 200)
  const client = new OriginClient()
  const group = {
    primary: target(primary.port, 1),
    secondary: target(secondary.port, 1),
    failoverStatusCodes: new Set([500]),
  }
  try {
    const get = await client.fetch(group, request)
    assert.equal(Buffer.from(get.body).toString(), 'secondary')
    // A POST gets the primary's answer, the secondary never sees it.
    const post = await client.fetch(group, { ...request, method: 'POST', body: Buffer.from('a=1') })
    assert.equal(post.statusCode, 500)
    assert.equal(Buffer.from(post.body).toString(), 'primary')
    assert.deepEqual(primary.seen.at(-1), { method: 'POST', body: 'a=1' })
    assert.deepEqual(
      secondary.seen.map((r) => r.method),
      ['GET'],
    )
    // Nor when the primary cannot be reached.
    const down = { ...group, primary: target(await closedPort(), 1) }
    await assert.rejects(
      client.fetch(down, { ...request, method: 'POST', body: Buffer.from('a=2') }),
      OriginError,
    )
    assert.equal(secondary.seen.length, 1)
  } finally {
    await client.close()
    await primary.close()
    await secondary.close()
  }
})

test('OriginClient: a refused connection leaves a streamed body unread, so the retries can still send it whole', async () => {
  const port = await closedPort()
  let connectErrors = 0
  const onError = (message: unknown) => {
    const params = (message as { connectParams?: { port?: unknown } }).connectParams
    if (Number(params?.port) === port) connectErrors++
  }
  diagnostics.subscribe('undici:client:connectError', onError)
  const live = await namedOrigin('live', 200)
  const client = new OriginClient()
  try {
    const body = streamedBody(['part one, ', 'part two'])
    await assert.rejects(client.fetch(target(port, 3), { ...request, method: 'PUT', body }), OriginError)
    assert.equal(connectErrors, 3)
    assert.equal(body.started, false)
    const sent = await client.fetch(target(live.port, 1), { ...request, method: 'PUT', body })
    assert.equal(sent.statusCode, 200)
    assert.deepEqual(live.seen, [{ method: 'PUT', body: 'part one, part two' }])
  } finally {
    diagnostics.unsubscribe('undici:client:connectError', onError)
    await client.close()
    await live.close()
  }
})

test('resolveOrigin: protocol policy, ports and the Host header', () => {
  const origin = {
    Id: 'o',
    DomainName: 'origin.test',
    OriginPath: '/base/',
    CustomHeaders: [],
    CustomOriginConfig: { HTTPPort: 8080, HTTPSPort: 443, OriginProtocolPolicy: 'match-viewer' as const },
  }
  const http = resolveOrigin(origin, 'http')
  assert.equal(http.protocol, 'http:')
  assert.equal(http.port, 8080)
  assert.equal(http.hostHeader, 'origin.test:8080')
  assert.equal(http.originPath, '/base')
  const https = resolveOrigin(origin, 'https')
  assert.equal(https.protocol, 'https:')
  assert.equal(https.hostHeader, 'origin.test')
})

test('overrideOrigin: omitted fields are inherited, customHeaders replace, timeouts are seconds', () => {
  const base = resolveOrigin(
    {
      Id: 'o',
      DomainName: 'a.test',
      OriginPath: '/p',
      CustomHeaders: [{ HeaderName: 'X-A', HeaderValue: '1' }],
      CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' },
    },
    'http',
  )
  const changed = overrideOrigin(base, {
    domainName: 'b.test',
    customHeaders: {},
    timeouts: { readTimeout: 2 },
  })
  assert.equal(changed.domainName, 'b.test')
  assert.equal(changed.hostHeader, 'b.test')
  assert.equal(changed.originPath, '/p')
  assert.deepEqual(changed.customHeaders, [])
  assert.equal(changed.readTimeoutMs, 2000)
  assert.equal(changed.protocol, 'https:')
  const withHost = overrideOrigin(base, {
    hostHeader: 'virtual.test',
    customOriginConfig: { protocol: 'http' },
  })
  assert.equal(withHost.hostHeader, 'virtual.test')
  assert.equal(withHost.port, 80)
})

test('originHeaders: hop-by-hop dropped, Host set, X-Forwarded-For and Via appended', () => {
  const headers = originHeaders(target(8080, 1), {
    ...request,
    headers: [
      'Connection',
      'keep-alive, X-Secret',
      'Host',
      'viewer.test',
      'X-Forwarded-For',
      '203.0.113.1',
      'Accept',
      'text/html',
      'Via',
      '1.1 proxy',
      'Expect',
      '100-continue',
    ],
  })
  const pairs: [string, string][] = []
  for (let i = 0; i < headers.length; i += 2) pairs.push([headers[i]!, headers[i + 1]!])
  assert.deepEqual(pairs, [
    ['Accept', 'text/html'],
    ['Host', '127.0.0.1:8080'],
    ['X-Forwarded-For', '203.0.113.1, 198.51.100.7'],
    ['X-Forwarded-Proto', 'http'],
    ['Via', '1.1 proxy, 1.1 e.verge (Verge)'],
    ['X-Amz-Cf-Id', 'req-1'],
  ])
})

test("originHeaders: X-Forwarded-Proto is the viewer's real scheme, never what the viewer claims", () => {
  const claimed = ['X-Forwarded-Proto', 'https', 'CloudFront-Forwarded-Proto', 'https']
  const overHttp = originHeaders(target(8080, 1), { ...request, headers: claimed })
  const overHttps = originHeaders(target(8080, 1), { ...request, headers: claimed, viewerProtocol: 'https' })
  const protos = (headers: string[]) =>
    headers.flatMap((name, i) =>
      i % 2 === 0 && /forwarded-proto/i.test(name) ? [`${name}: ${headers[i + 1]}`] : [],
    )
  assert.deepEqual(protos(overHttp), ['X-Forwarded-Proto: http'])
  assert.deepEqual(protos(overHttps), ['X-Forwarded-Proto: https'])
})
