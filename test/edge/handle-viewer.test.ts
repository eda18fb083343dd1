import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import {
  createEdgeServer,
  type EdgeServer,
  type FunctionGuard,
  type FunctionLogEntry,
  MemoryCacheStore,
  type ViewerRequest,
  type ViewerResponse,
} from '../../src/edge/index.js'
import {
  behavior,
  distribution,
  EdgeReplica,
  localOrigin,
  pathBehavior,
  putFunction,
  startOrigin,
  type TestOrigin,
} from './fixture.js'

// The viewer pipeline driven without a socket: `handleViewer` gets a ViewerRequest and gives
// the ViewerResponse the HTTP server would write. The origin is a real one on 127.0.0.1.

let origin: TestOrigin
let edge: EdgeServer
let replica: EdgeReplica
let quarantined = new Map<string, number>()
const logs: FunctionLogEntry[] = []
let served = 0

const GENERATE = `function handler(event) {
  return { statusCode: 200, statusDescription: 'Made', headers: { 'x-made': { value: 'here' } }, body: 'generated' };
}`
const THROW = `function handler(event) { throw new Error('boom ' + event.request.uri); }`
const INVALID = `function handler(event) { return 42; }`
const BAD_HEADER = `function handler(event) {
  event.request.headers['content-length'] = { value: '1' };
  return event.request;
}`

const guard: FunctionGuard = {
  quarantinedFor: (arn) => quarantined.get(arn) ?? 0,
  enter: () => {},
  leave: () => {},
}

before(async () => {
  origin = await startOrigin((req, res) => {
    served++
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'max-age=60' })
    res.end(`origin ${served} for ${req.url}`)
  })
  replica = new EdgeReplica()
  const fn = (name: string, code: string) => [
    { FunctionARN: putFunction(replica, name, code), EventType: 'viewer-request' as const },
  ]
  replica.putDistribution(
    distribution({
      origins: [localOrigin('app', origin.port)],
      defaultBehavior: behavior('app'),
      behaviors: [
        pathBehavior('/generate', 'app', { FunctionAssociations: fn('generate', GENERATE) }),
        pathBehavior('/throw', 'app', { FunctionAssociations: fn('throw', THROW) }),
        pathBehavior('/invalid', 'app', { FunctionAssociations: fn('invalid', INVALID) }),
        pathBehavior('/bad-header', 'app', { FunctionAssociations: fn('bad-header', BAD_HEADER) }),
      ],
    }),
  )
  edge = createEdgeServer({
    replica,
    cache: new MemoryCacheStore({ maxSizeBytes: 1024 * 1024 }),
    edgeId: 'socketless',
    functionGuard: guard,
    logger: { functionLog: (entry) => logs.push(entry) },
  })
})

after(async () => {
  await edge.close()
  replica.dispose()
  await origin.close()
})

function request(target: string, extra: Partial<ViewerRequest> = {}): ViewerRequest {
  return {
    method: 'GET',
    target,
    headers: ['Host', 'e1testdist.verge.test', 'Accept', '*/*'],
    clientIp: '198.51.100.9',
    protocol: 'http',
    ...extra,
  }
}

async function handle(target: string, extra: Partial<ViewerRequest> = {}): Promise<ViewerResponse> {
  const response = await edge.handleViewer(request(target, extra))
  assert.ok(response !== undefined, 'an answer')
  return response
}

function header(response: ViewerResponse, name: string): string | undefined {
  const raw = response.headers
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) return raw[i + 1]
  return undefined
}

const text = (response: ViewerResponse) => new TextDecoder().decode(response.body)

test('handleViewer: a generated response comes back with the edge headers, without the origin', async () => {
  const before = origin.requests.length
  const response = await handle('/generate')
  assert.equal(response.status, 200)
  assert.equal(response.statusMessage, 'Made')
  assert.equal(text(response), 'generated')
  assert.equal(header(response, 'x-made'), 'here')
  assert.equal(header(response, 'x-cache'), 'FunctionGeneratedResponse from verge')
  assert.equal(header(response, 'via'), '1.1 socketless.verge (Verge)')
  assert.equal(header(response, 'content-length'), '9')
  assert.equal(header(response, 'x-amz-cf-id'), response.requestId)
  assert.equal(response.close, false)
  assert.equal(origin.requests.length, before)
})

test('handleViewer: the second GET of a cacheable path is a Hit with Age, and HEAD has no body', async () => {
  const miss = await handle('/cached')
  assert.equal(header(miss, 'x-cache'), 'Miss from verge')
  assert.equal(text(miss), `origin ${served} for /cached`)
  const count = origin.requests.length
  const hit = await handle('/cached')
  assert.equal(header(hit, 'x-cache'), 'Hit from verge')
  assert.equal(header(hit, 'age'), '0')
  assert.equal(text(hit), text(miss))
  const head = await handle('/cached', { method: 'HEAD' })
  assert.equal(header(head, 'x-cache'), 'Hit from verge')
  assert.equal(head.body.byteLength, 0)
  assert.equal(header(head, 'content-length'), String(miss.body.byteLength))
  assert.equal(origin.requests.length, count, 'both served from the cache')
})

test('handleViewer: a function that throws gives 503, logged with its outcome', async () => {
  const response = await handle('/throw')
  assert.equal(response.status, 503)
  assert.equal(header(response, 'x-cache'), 'Error from verge')
  assert.match(text(response), /could not run/)
  const entry = logs.find((e) => e.requestId === response.requestId)
  assert.equal(entry?.outcome, 'execution-error')
  assert.match(entry?.errorMessage ?? '', /boom \/throw/)
})

test('handleViewer: an invalid result gives 502', async () => {
  const response = await handle('/invalid')
  assert.equal(response.status, 502)
  assert.match(text(response), /returned an invalid value/)
  assert.equal(logs.find((e) => e.requestId === response.requestId)?.outcome, 'invalid-output')
})

test('handleViewer: a result that breaks a header rule gives 502 and is logged though the function printed nothing', async () => {
  const response = await handle('/bad-header')
  assert.equal(response.status, 502)
  const entry = logs.find((e) => e.requestId === response.requestId)
  assert.equal(entry?.outcome, 'invalid-output')
  assert.deepEqual(entry?.logs, [])
  assert.ok((entry?.errorMessage ?? '').length > 0, 'why it was refused')
})

test('handleViewer: a quarantined function is not run: 503 with Retry-After', async () => {
  const arn = 'arn:aws:cloudfront::123456789012:function/throw'
  quarantined = new Map([[arn, 4_500]])
  try {
    const count = logs.length
    const response = await handle('/throw')
    assert.equal(response.status, 503)
    assert.equal(header(response, 'retry-after'), '5')
    assert.match(text(response), /quarantined/)
    assert.equal(logs.length, count, 'not run, nothing logged')
  } finally {
    quarantined = new Map()
  }
})

test('handleViewer: an unknown Host gets 403 and a method outside AllowedMethods 403', async () => {
  const unknown = await handle('/x', { headers: ['Host', 'nobody.test'] })
  assert.equal(unknown.status, 403)
  assert.match(text(unknown), /Bad request/)
  const post = await handle('/x', { method: 'DELETE' })
  assert.equal(post.status, 403)
  assert.match(text(post), /not configured to allow the HTTP request method/)
})
