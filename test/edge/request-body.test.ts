import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { type ClientRequest, type IncomingHttpHeaders, type IncomingMessage, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { startEdge as startEdgeProcesses } from '../../src/edge/index.js'
// On purpose past the edge's surface: a test seeds an edge's saved snapshot as the edge writes it.
import { writeReplicaFile } from '../../src/edge/replication/replica-open.js'
import type { EdgeOverOrigin, TestEdge, TestOrigin } from './fixture.js'
import { arnOf, behavior, distribution, localOrigin, pathBehavior, startEdgeOverOrigin } from './fixture.js'

// Small, so the tests send several times the cap without much traffic.
const CAP = 64 * 1024
const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']

/** What the origin read of one request body, once the request is over. */
interface OriginRead {
  bytes: number
  sha256: string
  headers: IncomingHttpHeaders
}

let fixture: EdgeOverOrigin
let origin: TestOrigin
let edge: TestEdge
const reads = new Map<string, Promise<OriginRead>>()
const firstChunk = new Map<string, () => void>()

/** The origin reads every body to its end (or its abort) and records what came. */
function readAtOrigin(req: IncomingMessage): Promise<OriginRead> {
  return new Promise((resolve) => {
    const hash = createHash('sha256')
    let bytes = 0
    const done = () => resolve({ bytes, sha256: hash.digest('hex'), headers: req.headers })
    req.on('data', (chunk: Buffer) => {
      if (bytes === 0) firstChunk.get(String(req.headers['x-test']))?.()
      bytes += chunk.byteLength
      hash.update(chunk)
    })
    req.once('end', done)
    req.once('close', () => {
      if (!req.complete) done()
    })
  })
}

before(async () => {
  fixture = await startEdgeOverOrigin({
    origin: (req, res) => {
      if (req.url === '/early') {
        // Answers at once, reading none of the body.
        res.writeHead(200, { 'Content-Type': 'text/plain' })
        res.end('answered early')
        return
      }
      const read = readAtOrigin(req)
      reads.set(String(req.headers['x-test']), read)
      void read.then(({ bytes, sha256 }) => {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ bytes, sha256 }))
      })
    },
    functions: {
      generated:
        'function handler(event) { return { statusCode: 200, statusDescription: "OK", body: "from the function" }; }',
    },
    originId: 'main',
    distribution: {
      defaultBehavior: behavior('main', { AllowedMethods: ALL_METHODS }),
      behaviors: [
        pathBehavior('/generated', 'main', {
          AllowedMethods: ALL_METHODS,
          FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: arnOf('generated') }],
        }),
      ],
    },
    server: { maxRequestBodyBytes: CAP },
  })
  origin = fixture.origin
  edge = fixture.edge
})

after(() => fixture.close())

interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** A POST to the edge whose body the test writes itself; `reply` settles with the answer. */
function post(
  path: string,
  id: string,
  headers: Record<string, string> = {},
): { req: ClientRequest; reply: Promise<Reply> } {
  const req = request({
    host: '127.0.0.1',
    port: edge.port,
    path,
    method: 'POST',
    agent: false,
    // Keep-alive, so that a `Connection: close` in the answer is the edge's choice.
    headers: { host: 'e1testdist.verge.test', connection: 'keep-alive', 'x-test': id, ...headers },
  })
  const reply = new Promise<Reply>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      )
    })
    req.on('error', reject)
  })
  return { req, reply }
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

test('request body: under the cap it reaches the origin byte-exact, with its framing (Content-Length or chunked)', async () => {
  for (const size of [1, 50_000, CAP]) {
    const body = randomBytes(size)
    const id = `length-${size}`
    const { req, reply } = post('/upload', id, { 'content-length': String(size) })
    req.end(body)
    const answer = await reply
    assert.equal(answer.status, 200, answer.body)
    assert.deepEqual(JSON.parse(answer.body), { bytes: size, sha256: sha256(body) })
    const seen = await reads.get(id)
    assert.equal(seen?.headers['content-length'], String(size))
    assert.equal(seen?.headers['transfer-encoding'], undefined)
  }

  const parts = [randomBytes(20_000), randomBytes(1), randomBytes(30_000)]
  const { req, reply } = post('/upload', 'chunked')
  for (const part of parts) req.write(part)
  req.end()
  const answer = await reply
  assert.equal(answer.status, 200, answer.body)
  const whole = Buffer.concat(parts)
  assert.deepEqual(JSON.parse(answer.body), { bytes: whole.byteLength, sha256: sha256(whole) })
  const seen = await reads.get('chunked')
  // Not gathered into one piece with a Content-Length: forwarded as it came.
  assert.equal(seen?.headers['transfer-encoding'], 'chunked')
  assert.equal(seen?.headers['content-length'], undefined)
})

test('request body: Expect: 100-continue is answered by the edge and the body still reaches the origin', async () => {
  const body = randomBytes(10_000)
  const { req, reply } = post('/upload', 'expect', {
    'content-length': String(body.byteLength),
    expect: '100-continue',
  })
  req.on('continue', () => req.end(body))
  const answer = await reply
  assert.equal(answer.status, 200, answer.body)
  assert.deepEqual(JSON.parse(answer.body), { bytes: body.byteLength, sha256: sha256(body) })
  assert.equal((await reads.get('expect'))?.headers.expect, undefined)
})

// A timeout on each test that waits forever on an edge that buffers the whole body first.
const HANGS_IF_BUFFERED = { timeout: 10_000 }

test(
  'request body: a Content-Length over the cap gets 413 before the body is sent, and the origin never sees it',
  HANGS_IF_BUFFERED,
  async () => {
    const before = origin.requests.length
    const { req, reply } = post('/upload', 'declared-over', { 'content-length': String(CAP + 1) })
    // Headers only: the edge must answer without waiting for (or reading) the body.
    req.flushHeaders()
    const answer = await reply
    req.destroy()
    assert.equal(answer.status, 413)
    assert.equal(answer.headers.connection, 'close')
    assert.equal(answer.headers['x-cache'], 'Error from verge')
    assert.match(answer.body, /ERROR: The request could not be satisfied/)
    assert.equal(origin.requests.length, before)
    assert.equal(reads.has('declared-over'), false)
  },
)

test(
  'request body: a chunked body of several times the cap gets 413 or a closed connection, and the origin gets at most the cap',
  HANGS_IF_BUFFERED,
  async () => {
    const { req, reply } = post('/upload', 'chunked-over')
    const total = 256 * CAP
    const chunk = randomBytes(16 * 1024)
    let sent = 0
    let stopped = false
    const settled = reply.then(
      (answer) => answer,
      (error: Error) => error,
    )
    void settled.then(() => {
      stopped = true
    })
    // Generated on the fly, with backpressure: never the whole body in memory.
    while (sent < total && !stopped && !req.destroyed) {
      sent += chunk.byteLength
      if (!req.write(chunk))
        await new Promise<void>((resolve) => {
          const done = () => {
            req.off('drain', done).off('close', done)
            resolve()
          }
          req.on('drain', done).on('close', done)
          void settled.then(done)
        })
    }
    if (!req.destroyed) req.end()
    const outcome = await settled
    req.destroy()
    if (outcome instanceof Error)
      assert.match((outcome as NodeJS.ErrnoException).code ?? '', /ECONNRESET|EPIPE/)
    else {
      assert.equal(outcome.status, 413, outcome.body)
      assert.equal(outcome.headers.connection, 'close')
    }
    const seen = await reads.get('chunked-over')
    assert.ok(seen !== undefined, 'the origin saw the request start')
    assert.ok(seen.bytes <= CAP, `the origin received ${seen.bytes} bytes, more than the cap ${CAP}`)
  },
)

test(
  'request body: an origin that answers before the body ends is relayed, and the connection closes (the rest is never read)',
  HANGS_IF_BUFFERED,
  async () => {
    const { req, reply } = post('/early', 'early', { 'content-length': '50000' })
    // Part of a declared body, within the cap: the edge must not leave the rest for the next request.
    req.write(randomBytes(1000))
    const answer = await reply
    req.destroy()
    assert.equal(answer.status, 200)
    assert.equal(answer.body, 'answered early')
    assert.equal(answer.headers.connection, 'close')
  },
)

test(
  'request body: a viewer that leaves mid-body aborts the origin request, which never sees a whole body',
  HANGS_IF_BUFFERED,
  async () => {
    const gotFirst = new Promise<void>((resolve) => firstChunk.set('leaves', resolve))
    const { req, reply } = post('/upload', 'leaves')
    reply.catch(() => {})
    req.write(randomBytes(5000))
    await gotFirst
    req.destroy()
    const seen = await reads.get('leaves')
    assert.ok(seen !== undefined)
    assert.ok(seen.bytes <= 5000)
    // The edge still serves.
    const next = post('/upload', 'after-leaves', { 'content-length': '3' })
    next.req.end('abc')
    assert.equal((await next.reply).status, 200)
  },
)

test(
  'request body: the origin gets the first chunk before the viewer sends the last one',
  HANGS_IF_BUFFERED,
  async () => {
    const gotFirst = new Promise<void>((resolve) => firstChunk.set('streaming', resolve))
    const { req, reply } = post('/upload', 'streaming')
    const first = randomBytes(1000)
    const last = randomBytes(2000)
    req.write(first)
    // Old behaviour buffered the whole body first: this waits forever.
    await gotFirst
    req.end(last)
    const answer = await reply
    assert.equal(answer.status, 200, answer.body)
    const whole = Buffer.concat([first, last])
    assert.deepEqual(JSON.parse(answer.body), { bytes: whole.byteLength, sha256: sha256(whole) })
  },
)

test(
  'request body: a response generated by a function does not wait for a chunked body and closes the connection',
  HANGS_IF_BUFFERED,
  async () => {
    const before = origin.requests.length
    const { req, reply } = post('/generated', 'generated')
    // The body has started and never ends: the answer must not depend on it.
    req.write(randomBytes(1000))
    const answer = await reply
    req.destroy()
    assert.equal(answer.status, 200)
    assert.equal(answer.body, 'from the function')
    assert.equal(answer.headers.connection, 'close')
    assert.equal(origin.requests.length, before)

    // A small body of a declared length is discarded by the server: the connection stays open.
    const small = post('/generated', 'generated-small', { 'content-length': '1000' })
    small.req.end(randomBytes(1000))
    const kept = await small.reply
    small.req.destroy()
    assert.equal(kept.status, 200)
    assert.equal(kept.headers.connection, 'keep-alive')
  },
)

test(
  'request body: maxRequestBodyBytes reaches the worker processes of an edge started as the CLI does',
  HANGS_IF_BUFFERED,
  async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'verge-body-'))
    // Served from its disk snapshot; the control plane is never reached.
    writeReplicaFile(dataDir, {
      revision: 1,
      keyValueStores: [],
      functions: [],
      distributions: [
        distribution({
          origins: [localOrigin('main', origin.port)],
          defaultBehavior: behavior('main', { AllowedMethods: ALL_METHODS }),
        }),
      ],
    })
    const running = await startEdgeProcesses({
      controlUrl: 'http://127.0.0.1:9',
      token: 'unused',
      dataDir,
      workers: 1,
      maxRequestBodyBytes: 1000,
    })
    const send = (size: number) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: running.port,
            path: '/upload',
            method: 'POST',
            agent: false,
            headers: { host: 'e1testdist.verge.test', 'x-test': `cluster-${size}`, 'content-length': size },
          },
          (res) => {
            res.resume()
            res.on('end', () => resolve(res.statusCode ?? 0))
          },
        )
        req.on('error', reject)
        // Over the cap, headers only: the answer must come without the body.
        if (size > 1000) req.flushHeaders()
        else req.end(randomBytes(size))
      })
    try {
      assert.equal(await send(1000), 200)
      assert.equal(await send(1001), 413)
    } finally {
      await running.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  },
)
