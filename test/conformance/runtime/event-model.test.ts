// Conformance of the event model with AWS's documented rules and examples
// ('CloudFront Functions event structure'). Requests and responses go through real Node HTTP on 127.0.0.1,
// so the event is built from exactly what the edge's server and origin client see.
import assert from 'node:assert/strict'
import { createServer, get, type IncomingMessage } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { test } from 'node:test'
import { eventRawQueryString, rawQueryString } from '../../../src/runtime/event/query.js'
import { checkOutputShape, validateForViewer } from '../../../src/runtime/event/validate.js'
import type { CfEvent, CfRequestOutput, CfResponse } from '../../../src/runtime/index.js'
import {
  applyRequest,
  applyResponse,
  buildRequestEvent,
  buildResponseEvent,
  normalizeTestEvent,
} from '../../../src/runtime/index.js'

/** Sends `head` (request line and header lines) as raw bytes; returns what the server got. */
async function receive(head: string): Promise<{ method: string; url: string; rawHeaders: string[] }> {
  let seen: IncomingMessage | undefined
  const server = createServer((req, res) => {
    seen = req
    res.end('ok')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const { port } = server.address() as AddressInfo
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(`${head}\r\nConnection: close\r\n\r\n`))
      socket.on('data', () => {})
      socket.on('close', () => resolve())
      socket.on('error', reject)
    })
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
  assert.ok(seen, 'the server got no request')
  return { method: seen.method!, url: seen.url!, rawHeaders: seen.rawHeaders }
}

async function viewerRequest(head: string): Promise<CfEvent> {
  const received = await receive(head)
  return buildRequestEvent({ ...received, clientIp: '198.51.100.11' }, { eventType: 'viewer-request' })
}

/** An origin that answers with `headers` (repeated names allowed); returns its rawHeaders. */
async function originResponse(statusCode: number, headers: [string, string][]) {
  const server = createServer((_req, res) => {
    res.writeHead(statusCode, headers.flat())
    res.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const { port } = server.address() as AddressInfo
    return await new Promise<{ statusCode: number; statusMessage: string; rawHeaders: string[] }>(
      (resolve, reject) => {
        get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
          res.resume()
          res.on('end', () =>
            resolve({
              statusCode: res.statusCode!,
              statusMessage: res.statusMessage!,
              rawHeaders: res.rawHeaders,
            }),
          )
        }).on('error', reject)
      },
    )
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
}

const DOCS_HEAD = [
  'GET /media/index.mpd?ID=42&Exp=1619740800&TTL=1440&NoValue=&querymv=val1&querymv=val2,val3 HTTP/1.1',
  'Host: video.example.com',
  'Accept: application/json',
  'Accept: application/xml',
  'Accept: text/html',
  'Accept-Language: en-GB,en;q=0.5',
  'Cookie: Cookie1=value1; Cookie2=value2',
  'Cookie: cookie_consent=true; cookiemv=value3; cookiemv=value4',
].join('\r\n')

test('event model: the documented example request becomes the documented event fields', async () => {
  const event = await viewerRequest(DOCS_HEAD)
  assert.deepEqual(event.request, {
    method: 'GET',
    uri: '/media/index.mpd',
    querystring: {
      ID: { value: '42' },
      Exp: { value: '1619740800' },
      TTL: { value: '1440' },
      NoValue: { value: '' },
      querymv: { value: 'val1', multiValue: [{ value: 'val1' }, { value: 'val2,val3' }] },
    },
    headers: {
      host: { value: 'video.example.com' },
      accept: {
        value: 'application/json',
        multiValue: [{ value: 'application/json' }, { value: 'application/xml' }, { value: 'text/html' }],
      },
      'accept-language': { value: 'en-GB,en;q=0.5' },
    },
    cookies: {
      Cookie1: { value: 'value1' },
      Cookie2: { value: 'value2' },
      cookie_consent: { value: 'true' },
      cookiemv: { value: 'value3', multiValue: [{ value: 'value3' }, { value: 'value4' }] },
    },
  })
})

test('event model: ?querymv=val1&querymv=val2,val3 gives the docs field exactly', async () => {
  const event = await viewerRequest('GET /?querymv=val1&querymv=val2,val3 HTTP/1.1\r\nHost: a')
  assert.equal(
    JSON.stringify(event.request.querystring.querymv),
    '{"value":"val1","multiValue":[{"value":"val1"},{"value":"val2,val3"}]}',
  )
})

test('event model: one "Accept: a, b, c" header stays one value without multiValue', async () => {
  const event = await viewerRequest('GET / HTTP/1.1\r\nHost: a\r\nAccept: a, b, c')
  assert.deepEqual(event.request.headers.accept, { value: 'a, b, c' })
})

test('event model: header names are lowercase in the event', async () => {
  const event = await viewerRequest('GET / HTTP/1.1\r\nHOST: a\r\nX-MiXeD-Case: v')
  assert.deepEqual(Object.keys(event.request.headers), ['host', 'x-mixed-case'])
})

test('event model: Cookie headers go to cookies and not to headers', async () => {
  const event = await viewerRequest('GET / HTTP/1.1\r\nHost: a\r\nCookie: a=1\r\nCookie: b=2; a=3')
  assert.equal('cookie' in event.request.headers, false)
  assert.deepEqual(event.request.cookies, {
    a: { value: '1', multiValue: [{ value: '1' }, { value: '3' }] },
    b: { value: '2' },
  })
})

test('event model: querystring is {} with no query; rawQueryString "" for "?", undefined without', async () => {
  const none = await viewerRequest('GET /page HTTP/1.1\r\nHost: a')
  const bare = await viewerRequest('GET /page? HTTP/1.1\r\nHost: a')
  assert.deepEqual(none.request.querystring, {})
  assert.deepEqual(bare.request.querystring, {})
  assert.equal(eventRawQueryString(none), undefined)
  assert.equal(eventRawQueryString(bare), '')
  assert.equal(rawQueryString('/page?'), '')
  assert.equal(rawQueryString('/page'), undefined)
})

test('event model: Set-Cookie headers become response cookies with attributes (docs example)', async () => {
  const origin = await originResponse(200, [
    ['Content-Type', 'application/json'],
    ['Set-Cookie', 'ID=id1234; Expires=Wed, 05 Apr 2021 07:28:00 GMT'],
    ['Set-Cookie', 'Cookie1=val1; Secure; Path=/; Domain=example.com; Expires=Wed, 05 Apr 2021 07:28:00 GMT'],
    ['Set-Cookie', 'Cookie1=val2; Path=/cat; Domain=example.com; Expires=Wed, 10 Jan 2021 07:28:00 GMT'],
  ])
  const event = buildResponseEvent(await viewerRequest('GET / HTTP/1.1\r\nHost: a'), origin)
  assert.equal(event.context.eventType, 'viewer-response')
  assert.equal(event.response?.statusDescription, 'OK')
  assert.equal('set-cookie' in event.response!.headers, false)
  assert.deepEqual(event.response?.cookies, {
    ID: { value: 'id1234', attributes: 'Expires=Wed, 05 Apr 2021 07:28:00 GMT' },
    Cookie1: {
      value: 'val1',
      attributes: 'Secure; Path=/; Domain=example.com; Expires=Wed, 05 Apr 2021 07:28:00 GMT',
      multiValue: [
        {
          value: 'val1',
          attributes: 'Secure; Path=/; Domain=example.com; Expires=Wed, 05 Apr 2021 07:28:00 GMT',
        },
        { value: 'val2', attributes: 'Path=/cat; Domain=example.com; Expires=Wed, 10 Jan 2021 07:28:00 GMT' },
      ],
    },
  })
})

/** Runs a "handler" on a JSON copy, as the sandbox does, then checks and applies its output. */
function runRequest(event: CfEvent, handler: (request: CfRequestOutput) => void) {
  const request = JSON.parse(JSON.stringify(event.request)) as CfRequestOutput
  handler(request)
  const output = checkOutputShape('viewer-request', JSON.parse(JSON.stringify(request)))
  assert.equal(validateForViewer('viewer-request', event, output), null)
  assert.equal(output.kind, 'request')
  return applyRequest(event, output.kind === 'request' ? output.request : request)
}

test('event model: a modified multiValue wins over value', async () => {
  const event = await viewerRequest(DOCS_HEAD)
  const applied = runRequest(event, (r) => {
    r.headers.accept = {
      value: 'ignored/value',
      multiValue: [{ value: 'text/plain' }, { value: 'image/png' }],
    }
  })
  assert.deepEqual(
    applied.headers.filter(([name]) => name === 'Accept').map(([, value]) => value),
    ['text/plain', 'image/png'],
  )
})

test('event model: a changed value replaces the first value and later values stay', async () => {
  const event = await viewerRequest(DOCS_HEAD)
  const applied = runRequest(event, (r) => {
    r.headers.accept!.value = 'text/plain'
    ;(r.querystring as Record<string, { value: string }>).querymv!.value = 'changed'
  })
  assert.deepEqual(
    applied.headers.filter(([name]) => name === 'Accept').map(([, value]) => value),
    ['text/plain', 'application/xml', 'text/html'],
  )
  assert.match(applied.path, /&querymv=changed&querymv=val2,val3$/)
})

test('event model: added headers go out with each word capitalised; cookies in one Cookie header', async () => {
  const event = await viewerRequest(DOCS_HEAD)
  const applied = runRequest(event, (r) => {
    r.headers['example-header-name'] = { value: 'v' }
  })
  assert.deepEqual(
    applied.headers.find(([name]) => name.toLowerCase() === 'example-header-name'),
    ['Example-Header-Name', 'v'],
  )
  assert.deepEqual(
    applied.headers.filter(([name]) => name === 'Cookie'),
    [['Cookie', 'Cookie1=value1; Cookie2=value2; cookie_consent=true; cookiemv=value3; cookiemv=value4']],
  )
})

test('event model: an unchanged request goes to the origin with the viewer query as received', async () => {
  const event = await viewerRequest('GET /a?q=%E5%AE%B6&s=a+b&flag HTTP/1.1\r\nHost: a')
  assert.equal(event.request.querystring.q?.value, '%E5%AE%B6')
  assert.equal(runRequest(event, () => {}).path, '/a?q=%E5%AE%B6&s=a+b&flag')
})

test('event model: the documented generated response is accepted and applied', async () => {
  const event = await viewerRequest('GET / HTTP/1.1\r\nHost: a')
  const returned = {
    statusCode: 302,
    statusDescription: 'Found',
    headers: { location: { value: 'https://example.com/' } },
  }
  const output = checkOutputShape('viewer-request', returned)
  assert.deepEqual(output, { kind: 'response', response: { ...returned, cookies: {} } })
  assert.equal(validateForViewer('viewer-request', event, output), null)
  assert.deepEqual(applyResponse(event, output.kind === 'response' ? output.response : ({} as CfResponse)), {
    statusCode: 302,
    statusMessage: 'Found',
    headers: [['Location', 'https://example.com/']],
    body: new Uint8Array(0),
  })
})

test('event model: the documented response with a replaced body (docs example) is applied', async () => {
  const origin = await originResponse(200, [
    ['Content-Type', 'application/json'],
    ['Content-Length', '0'],
  ])
  const event = buildResponseEvent(await viewerRequest('GET / HTTP/1.1\r\nHost: a'), origin)
  const response = JSON.parse(JSON.stringify(event.response)) as CfResponse
  response.headers['content-type'] = { value: 'text/html' }
  response.headers['content-length'] = { value: '86' }
  response.body = {
    encoding: 'text',
    data: '<!DOCTYPE html><html><body><p>Here is your custom content.</p></body></html>',
  }
  const output = checkOutputShape('viewer-response', response)
  assert.equal(validateForViewer('viewer-response', event, output), null)
  const applied = applyResponse(event, response)
  assert.equal(Buffer.from(applied.body!).toString(), response.body.data)
  assert.deepEqual(
    applied.headers.find(([name]) => name === 'Content-Type'),
    ['Content-Type', 'text/html'],
  )
  // The edge frames the new body itself (AWS: align content-length with a new body).
  assert.equal(applied.headers.filter(([name]) => name === 'Content-Length').length, 0)
})

test('event model: TestFunction docs sample without querystring and cookies gets {} for both', () => {
  const event = normalizeTestEvent(
    JSON.parse(
      '{"version":"1.0","context":{"eventType":"viewer-request"},"viewer":{"ip":"198.51.100.11"},' +
        '"request":{"method":"GET","uri":"/example.png","headers":{"host":{"value":"example.org"}}}}',
    ),
  )
  assert.deepEqual(event.request.querystring, {})
  assert.deepEqual(event.request.cookies, {})
  const output = checkOutputShape('viewer-response', {
    statusCode: 302,
    statusDescription: 'Found',
    headers: {},
  })
  assert.deepEqual(output.kind === 'response' && output.response.cookies, {})
})
