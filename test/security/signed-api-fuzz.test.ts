import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { SignedRequest } from '../../src/control/auth/verify-request.js'
import { type RequestSpec, signV4, signV4a } from '../helpers/aws-signing.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'
import { rawRequest } from './raw-http.js'

// A bounded, seeded fuzz of the three signed APIs (CloudFront REST-XML, the KVS data plane, the
// admin API) over real HTTP. Every template is a validly signed request that the control plane
// refuses on its own (a stale If-Match, a name that exists) or that only reads, so no mutation
// of it can change state, by construction. Set VERGE_FUZZ_SEED to replay a run.
const SEED = Number(process.env.VERGE_FUZZ_SEED ?? 0x5eed_2010)
const REQUESTS = 10_000
const CONCURRENCY = 16
const STALE = 'ESTALEETAG0000'
const XMLNS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/'

/** mulberry32: small, fast, good enough to pick mutations reproducibly. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

let cp: TestControlPlane
let templates: { name: string; request: SignedRequest }[]

interface StateSummary {
  latest: number
  stores: string
  keys: string
  functions: string
}

async function summary(): Promise<StateSummary> {
  const { keyValueStores, state, functions, feed } = cp.controlPlane
  const stores = (await keyValueStores.listKeyValueStores()).items
  const keys = await Promise.all(
    stores.map(async (s) => [s.name, s.dataEtag, await state.listKeys(s.id, {})]),
  )
  return {
    latest: feed.latest,
    stores: JSON.stringify(stores),
    keys: JSON.stringify(keys),
    functions: JSON.stringify(await functions.describeFunction('fuzzed')),
  }
}

before(async () => {
  cp = await startTestControlPlane()
  const { keyValueStores, keys, functions, credentials, port, accountId } = cp.controlPlane
  const store = await keyValueStores.createKeyValueStore({ name: 'fuzzed', comment: 'before' })
  await keys.putKey(store.arn, { key: 'k', value: 'v', ifMatch: store.dataEtag })
  await functions.createFunction({
    name: 'fuzzed',
    config: { comment: '', runtime: 'cloudfront-js-2.0', keyValueStoreArns: [] },
    code: 'function handler(event) { return event.request }',
  })

  const signingDate = new Date()
  const cloudfront = { credentials, service: 'cloudfront', signingDate, region: 'us-east-1' }
  const kvs = { credentials, service: 'cloudfront-keyvaluestore', signingDate }
  const admin = { credentials, service: 'verge', signingDate, region: 'us-east-1' }
  const at = (spec: Omit<RequestSpec, 'hostname' | 'port'>, host = '127.0.0.1'): RequestSpec => ({
    ...spec,
    hostname: host,
    port,
  })
  const arn = `/key-value-stores/${encodeURIComponent(store.arn)}`
  const kvsHost = `${accountId}.localhost`
  const xml = { 'content-type': 'application/xml' }
  const json = { 'content-type': 'application/json' }
  const stale = { 'if-match': STALE }
  const specs: { name: string; sign: () => Promise<SignedRequest> }[] = [
    {
      name: 'CreateKeyValueStore (exists)',
      sign: () =>
        signV4(
          at({
            method: 'POST',
            path: '/2020-05-31/key-value-store',
            headers: xml,
            body: `<CreateKeyValueStoreRequest xmlns="${XMLNS}"><Name>fuzzed</Name><Comment>x</Comment></CreateKeyValueStoreRequest>`,
          }),
          cloudfront,
        ),
    },
    {
      name: 'UpdateKeyValueStore (stale)',
      sign: () =>
        signV4(
          at({
            method: 'PUT',
            path: '/2020-05-31/key-value-store/fuzzed',
            headers: { ...xml, ...stale },
            body: `<UpdateKeyValueStoreRequest xmlns="${XMLNS}"><Comment>after</Comment></UpdateKeyValueStoreRequest>`,
          }),
          cloudfront,
        ),
    },
    {
      name: 'DeleteKeyValueStore (stale)',
      sign: () =>
        signV4(
          at({ method: 'DELETE', path: '/2020-05-31/key-value-store/fuzzed', headers: stale }),
          cloudfront,
        ),
    },
    {
      name: 'CreateFunction (exists)',
      sign: () =>
        signV4(
          at({
            method: 'POST',
            path: '/2020-05-31/function',
            headers: xml,
            body:
              `<CreateFunctionRequest xmlns="${XMLNS}"><Name>fuzzed</Name><FunctionConfig><Comment></Comment>` +
              '<Runtime>cloudfront-js-2.0</Runtime></FunctionConfig>' +
              `<FunctionCode>${Buffer.from('function handler(e) { return e.request }').toString('base64')}</FunctionCode></CreateFunctionRequest>`,
          }),
          cloudfront,
        ),
    },
    {
      name: 'PublishFunction (stale)',
      sign: () =>
        signV4(
          at({ method: 'POST', path: '/2020-05-31/function/fuzzed/publish', headers: stale }),
          cloudfront,
        ),
    },
    {
      name: 'DeleteFunction (stale)',
      sign: () =>
        signV4(at({ method: 'DELETE', path: '/2020-05-31/function/fuzzed', headers: stale }), cloudfront),
    },
    {
      name: 'ListKeyValueStores',
      sign: () =>
        signV4(
          at({ method: 'GET', path: '/2020-05-31/key-value-store', query: { MaxItems: '10' } }),
          cloudfront,
        ),
    },
    {
      name: 'PutKey (stale, SigV4A)',
      sign: async () =>
        (
          await signV4a(
            at(
              { method: 'PUT', path: `${arn}/keys/k`, headers: { ...json, ...stale }, body: '{"Value":"w"}' },
              kvsHost,
            ),
            kvs,
          )
        ).request,
    },
    {
      name: 'UpdateKeys (stale, SigV4)',
      sign: () =>
        signV4(
          at(
            {
              method: 'POST',
              path: `${arn}/keys`,
              headers: { ...json, ...stale },
              body: JSON.stringify({ Puts: [{ Key: 'n', Value: 'w' }], Deletes: [{ Key: 'k' }] }),
            },
            kvsHost,
          ),
          { ...kvs, region: 'us-east-1' },
        ),
    },
    {
      name: 'DeleteKey (stale, SigV4A)',
      sign: async () =>
        (await signV4a(at({ method: 'DELETE', path: `${arn}/keys/k`, headers: stale }, kvsHost), kvs))
          .request,
    },
    {
      name: 'ListKeys (SigV4A)',
      sign: async () =>
        (await signV4a(at({ method: 'GET', path: `${arn}/keys`, query: { MaxResults: '5' } }, kvsHost), kvs))
          .request,
    },
    {
      name: 'admin import (stale)',
      sign: () =>
        signV4(
          at({
            method: 'POST',
            path: '/_verge/admin/key-value-stores/fuzzed/import',
            headers: { ...json, ...stale },
            body: JSON.stringify({ data: [{ key: 'x', value: 'y' }] }),
          }),
          admin,
        ),
    },
    {
      name: 'admin rollback (stale)',
      sign: () =>
        signV4(
          at({
            method: 'POST',
            path: '/_verge/admin/key-value-stores/fuzzed/rollback',
            headers: { ...json, ...stale },
            body: '{"revision":1}',
          }),
          admin,
        ),
    },
    {
      name: 'admin export',
      sign: () => signV4(at({ method: 'GET', path: '/_verge/admin/key-value-stores/fuzzed/export' }), admin),
    },
  ]
  templates = await Promise.all(specs.map(async ({ name, sign }) => ({ name, request: await sign() })))
})

after(async () => {
  await cp?.stop()
})

/** The request as bytes on the wire, without the framing headers added at the end. */
interface Wire {
  method: string
  target: string
  headers: [string, string][]
  body: Buffer
}

function toWire(request: SignedRequest): Wire {
  const headers: [string, string][] = []
  for (const [name, value] of Object.entries(request.headers)) {
    for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) headers.push([name, one])
  }
  return { method: request.method, target: request.rawUrl, headers, body: Buffer.from(request.body) }
}

function serialize(wire: Wire): Buffer {
  const head = `${wire.method} ${wire.target} HTTP/1.1\r\n${wire.headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}connection: close\r\n\r\n`
  return Buffer.concat([Buffer.from(head, 'latin1'), wire.body])
}

function flipBits(bytes: Buffer, next: () => number, flips: number): Buffer {
  const copy = Buffer.from(bytes)
  for (let i = 0; i < flips && copy.length > 0; i++) {
    const at = Math.floor(next() * copy.length)
    copy[at] = (copy[at] as number) ^ (1 << Math.floor(next() * 8))
  }
  return copy
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'get', 'P0ST']
const PATH_NOISE = [
  '/',
  '//',
  '%',
  '%zz',
  '%2F',
  '..',
  '/..',
  '?',
  '&',
  '=',
  '[',
  ']',
  '%00',
  '%ED%A0%80',
  ';',
  '@',
  ':',
]

/** One mutation of a valid signed request, chosen by `next`; applied after signing. */
function mutate(wire: Wire, next: () => number): { kind: string; bytes: Buffer } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  const copy: Wire = { ...wire, headers: wire.headers.map(([n, v]) => [n, v]) }
  const kind = pick([
    'random-bytes',
    'truncate',
    'bit-flip',
    'header-drop',
    'header-duplicate',
    'header-value',
    'body-splice',
    'method-swap',
    'path',
    'two',
  ])
  switch (kind) {
    case 'random-bytes': {
      const bytes = Buffer.alloc(1 + Math.floor(next() * 600))
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256)
      // Half of them behind a plausible request line, so they reach the header parser.
      const prefix =
        next() < 0.5 ? Buffer.from(`${pick(METHODS)} ${wire.target} HTTP/1.1\r\n`, 'latin1') : Buffer.alloc(0)
      return { kind, bytes: Buffer.concat([prefix, bytes]) }
    }
    case 'truncate': {
      const full = serialize(copy)
      return { kind, bytes: full.subarray(0, Math.floor(next() * full.length)) }
    }
    case 'bit-flip':
      return { kind, bytes: flipBits(serialize(copy), next, 1 + Math.floor(next() * 4)) }
    case 'header-drop':
      copy.headers.splice(Math.floor(next() * copy.headers.length), 1)
      break
    case 'header-duplicate': {
      const header = pick(copy.headers)
      const value = next() < 0.5 ? header[1] : `${header[1]}x`
      copy.headers.splice(Math.floor(next() * copy.headers.length), 0, [header[0], value])
      break
    }
    case 'header-value': {
      const index = Math.floor(next() * copy.headers.length)
      const [name, value] = copy.headers[index] as [string, string]
      const noise = pick([
        '',
        ' ',
        'x',
        value.slice(0, Math.floor(next() * value.length)),
        value.toUpperCase(),
        `${value},${value}`,
        '\u00ff',
      ])
      copy.headers[index] = [name, noise]
      break
    }
    case 'body-splice': {
      const at = Math.floor(next() * (copy.body.length + 1))
      const insert = Buffer.from(
        pick(['', '"', '{', '}', '\\ud800', '<a>', '&#x0;', 'x'.repeat(Math.floor(next() * 64))]),
      )
      const cut = Math.floor(next() * 8)
      copy.body = Buffer.concat([copy.body.subarray(0, at), insert, copy.body.subarray(at + cut)])
      // Most keep Content-Length honest, so the body reaches the signature check.
      if (next() < 0.8)
        copy.headers = copy.headers.map(([n, v]) => [
          n,
          n === 'content-length' ? String(copy.body.length) : v,
        ])
      break
    }
    case 'method-swap':
      copy.method = pick(METHODS.filter((m) => m !== wire.method))
      break
    case 'path': {
      // The forms that reach URL parsers as a host or a scheme, in front of the signed path.
      if (next() < 0.2) {
        copy.target = `${pick(['/', '//[', '/\\[', '//x:99999', 'http://x:99999', '*', ''])}${copy.target}`
        break
      }
      const at = 1 + Math.floor(next() * Math.max(1, copy.target.length - 1))
      copy.target = `${copy.target.slice(0, at)}${pick(PATH_NOISE)}${copy.target.slice(at + Math.floor(next() * 3))}`
      break
    }
    case 'two': {
      const first = mutate(wire, next)
      return { kind: `${first.kind}+bit-flip`, bytes: flipBits(first.bytes, next, 1) }
    }
  }
  return { kind, bytes: serialize(copy) }
}

test('signed API fuzz: 10,000 mutated signed requests, no 5xx, no crash, nothing changed', async () => {
  // Each template as signed is refused on its own terms (or only reads), never for its signature.
  for (const { name, request } of templates) {
    const answer = await rawRequest(cp.controlPlane.port, serialize(toWire(request)))
    assert.ok([200, 404, 409, 412].includes(answer.status), `${name}: ${answer.text.slice(0, 300)}`)
  }
  const before = await summary()
  const next = random(SEED)
  const statuses = new Map<number, number>()
  const failures: string[] = []
  let sent = 0
  const worker = async () => {
    while (sent < REQUESTS) {
      sent++
      const template = templates[Math.floor(next() * templates.length)] as (typeof templates)[number]
      const { kind, bytes } = mutate(toWire(template.request), next)
      const answer = await rawRequest(cp.controlPlane.port, bytes)
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
      if (answer.status >= 500 && failures.length < 20)
        failures.push(`${template.name} / ${kind} → ${answer.text.slice(0, 400)}`)
      // Only a cut-off request may go unanswered (the server cannot tell it from a slow one).
      if (
        answer.status === 0 &&
        !kind.startsWith('truncate') &&
        !kind.startsWith('random-bytes') &&
        failures.length < 20
      )
        failures.push(`${template.name} / ${kind} → no answer`)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  const counts = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s === 0 ? 'closed' : s}: ${n}`)
  console.log(`signed API fuzz: ${sent} requests, seed ${SEED}; statuses ${counts.join(', ')}`)
  assert.deepEqual(failures, [])
  assert.equal(sent, REQUESTS)

  const health = await fetch(`${cp.controlPlane.url}/_verge/edges`, {
    headers: { authorization: `Bearer ${cp.controlPlane.edgeToken}` },
  })
  assert.equal(health.status, 200)
  await health.arrayBuffer()
  assert.deepEqual(await summary(), before)
})
