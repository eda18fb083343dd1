import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { type RunningEdge, startEdge } from '../../src/edge/index.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'
import { waitFor } from '../helpers/wait-for.js'
import { type RawAnswer, rawRequest } from './raw-http.js'

// The ports a `verge start`-like setup opens: the control plane (every API on one port) and an
// edge fed by it. Each gets every malformed request target below, as raw bytes.
let cp: TestControlPlane
let edge: RunningEdge
let edgeDir: string

before(async () => {
  cp = await startTestControlPlane()
  edgeDir = mkdtempSync(join(tmpdir(), 'verge-edge-'))
  edge = await startEdge({
    controlUrl: cp.controlPlane.url,
    token: cp.controlPlane.edgeToken,
    dataDir: edgeDir,
    workers: 1,
  })
  await waitFor(() => edge.connected, { what: 'the edge to connect' })
})

after(async () => {
  await edge?.close()
  await cp?.stop()
  rmSync(edgeDir, { recursive: true, force: true })
})

/** The paths every API of the control plane is mounted on, plus the edge's root. */
const PREFIXES = [
  '',
  '/2020-05-31',
  '/2020-05-31/function',
  '/key-value-stores',
  '/key-value-stores/arn%3Aaws%3Acloudfront%3A%3A000000000000%3Akey-value-store%2Fx/keys',
  '/_verge',
  '/_verge/admin/key-value-stores/x',
  '/_verge/sync',
  '/_verge/sync/snapshot',
  '/_verge/edges',
  '/console',
  '/console/api',
]

/** Malformed tails, appended to each prefix (raw, latin1: one char is one byte on the wire). */
const TAILS = [
  '//[',
  '//x:99999/',
  '/\\[',
  '\\',
  '/%',
  '/%zz',
  '/%E0%A4%A',
  '/%ED%A0%80',
  '/%C0%AF',
  '/%00',
  '/%0d%0aX-Injected:%201',
  '/..',
  '/../../../../etc/passwd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/..%2f..%2fetc%2fpasswd',
  '//',
  '///',
  '/a//b',
  '?',
  '?%zz=%zz&&=&%',
  `?${'q'.repeat(12_000)}`,
  `/${'p'.repeat(12_000)}`,
  `/${'a/'.repeat(3_000)}`,
  '/caf\xc3\xa9',
  '/\xff\xfe',
  '/a#b',
  '/[',
  '/x:99999',
]

/** Whole request targets that are not origin-form, or not even a path. */
const TARGETS = [
  '//[',
  '//x:99999/',
  'http://x:99999/',
  '/\\[',
  'http://127.0.0.1/2020-05-31/function',
  'https://[::1/',
  '127.0.0.1:7070',
  '*',
  '%',
  '%zz',
  '?',
  '/?',
  '',
  `/${'z'.repeat(64 * 1024)}`,
]

const CONTROL_BYTES = ['\x00', '\x01', '\x7f', '\t', '\x1b']

function requestBytes(method: string, target: string, headers = 'Host: 127.0.0.1\r\n'): string {
  return `${method} ${target} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`
}

function corpus(): { name: string; bytes: string }[] {
  const cases: { name: string; bytes: string }[] = []
  for (const prefix of PREFIXES) {
    for (const tail of TAILS) {
      const target = `${prefix}${tail}`
      cases.push({ name: `GET ${target.slice(0, 80)}`, bytes: requestBytes('GET', target) })
    }
    for (const ctl of CONTROL_BYTES) {
      const target = `${prefix}/a${ctl}b`
      cases.push({ name: `GET ${JSON.stringify(target)}`, bytes: requestBytes('GET', target) })
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'FOO']) {
      const target = `${prefix}/%zz//[`
      cases.push({ name: `${method} ${target}`, bytes: requestBytes(method, target) })
    }
    const path = prefix === '' ? '/' : prefix
    cases.push({ name: `GET ${path} without Host`, bytes: requestBytes('GET', path, '') })
    cases.push({
      name: `GET ${path} with two Hosts`,
      bytes: requestBytes('GET', path, 'Host: a.example\r\nHost: b.example\r\n'),
    })
    cases.push({
      name: `GET ${path} with an odd Host`,
      bytes: requestBytes('GET', path, 'Host: [::1\r\n'),
    })
  }
  for (const target of TARGETS) {
    cases.push({ name: `GET ${JSON.stringify(target.slice(0, 80))}`, bytes: requestBytes('GET', target) })
    cases.push({
      name: `OPTIONS ${JSON.stringify(target.slice(0, 80))}`,
      bytes: requestBytes('OPTIONS', target),
    })
  }
  cases.push({ name: 'GET with a request line only', bytes: 'GET /\r\n\r\n' })
  cases.push({ name: 'HTTP/1.0 without Host', bytes: 'GET //[ HTTP/1.0\r\n\r\n' })
  return cases
}

// The console's page is not built in a bare checkout; that documented 503 page is an answer.
const consoleNotBuilt = (answer: RawAnswer) =>
  answer.status === 503 && answer.text.includes('The console is not built')

async function sendCorpus(port: number): Promise<void> {
  const failures: string[] = []
  for (const { name, bytes } of corpus()) {
    const answer = await rawRequest(port, bytes, { keepOpen: true })
    if (answer.status === 0 || (answer.status >= 500 && !consoleNotBuilt(answer)))
      failures.push(`${name} → ${answer.status === 0 ? 'no answer' : answer.status}`)
  }
  assert.deepEqual(failures, [])
}

test('malformed targets: every control plane API answers each with a status below 500 and keeps serving', async () => {
  await sendCorpus(cp.controlPlane.port)
  const normal = await fetch(`${cp.controlPlane.url}/_verge/edges`, {
    headers: { authorization: `Bearer ${cp.controlPlane.edgeToken}` },
  })
  assert.equal(normal.status, 200)
  const { edges } = (await normal.json()) as { edges: unknown[] }
  assert.equal(edges.length, 1)
  assert.equal(edge.connected, true, 'the edge stayed connected to the control plane')
})

test('malformed targets: the edge answers each with a status below 500 and keeps serving', async () => {
  await sendCorpus(edge.port)
  const normal = await fetch(`${edge.url}/`)
  await normal.arrayBuffer()
  assert.ok(normal.status < 500, `a normal request after the corpus answered ${normal.status}`)
})

test('malformed targets: odd targets are a 400 in the protocol shape of the API they name', async () => {
  const port = cp.controlPlane.port
  const xml = await rawRequest(port, requestBytes('GET', '/2020-05-31//[\\'), { keepOpen: true })
  assert.equal(xml.status, 400)
  assert.match(xml.text, /<Code>MalformedXML<\/Code>/)
  const kvs = await rawRequest(port, requestBytes('GET', '/key-value-stores/\\['), { keepOpen: true })
  assert.equal(kvs.status, 400)
  assert.match(kvs.text, /"__type":"ValidationException"/)
  const verge = await rawRequest(port, requestBytes('GET', '//['), { keepOpen: true })
  assert.equal(verge.status, 400)
  assert.match(verge.text, /\{"message":"/)
})
