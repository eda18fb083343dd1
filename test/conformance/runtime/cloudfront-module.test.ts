import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MemoryKeyValueStore } from '../../../src/kvs/memory-store.js'
import { loadFunction, runFunction } from '../../../src/runtime/index.js'
import { viewerRequestEvent, viewerResponseEvent } from '../../helpers/events.js'
import { bodyOf, runCode } from '../../helpers/run-code.js'

// 'Helper methods for CloudFront Functions'

const created = new Date('2023-11-30T23:07:55.765Z')
const store = new MemoryKeyValueStore({ id: '54947df8-0e9e-4471-a2f9-9af509fb5889', created })
store.put('text', 'héllo', new Date('2023-12-15T03:57:52.411Z'))
store.put('config', '{"enabled":true,"ratio":0.5}', new Date('2023-12-15T03:57:52.411Z'))
store.put('broken', '{not json', new Date('2023-12-15T03:57:52.411Z'))

function kvsBody(body: string): string {
  const code = `import cf from 'cloudfront';
const kvs = cf.kvs();
async function handler(event) {
  ${body}
}`
  return bodyOf(runCode(code, { keyValueStore: store }))
}

test('cf.kvs: get returns the UTF-8 string by default and with format "string"', () => {
  assert.equal(
    kvsBody(
      `return { statusCode: 200, body: (await kvs.get('text')) + '|' + (await kvs.get('text', { format: 'string' })) }`,
    ),
    'héllo|héllo',
  )
})

test('cf.kvs: get with format "json" parses the value', () => {
  assert.equal(
    kvsBody(
      `const v = await kvs.get('config', { format: 'json' }); return { statusCode: 200, body: String(v.enabled && v.ratio === 0.5) }`,
    ),
    'true',
  )
})

test('cf.kvs: get with format "json" rejects a value that is not JSON', () => {
  assert.equal(
    kvsBody(
      `try { await kvs.get('broken', { format: 'json' }); return { statusCode: 200, body: 'parsed' } } catch (e) { return { statusCode: 200, body: e.name } }`,
    ),
    'SyntaxError',
  )
})

test('cf.kvs: get with format "bytes" returns the UTF-8 bytes in a Uint8Array', () => {
  assert.equal(
    kvsBody(
      `const b = await kvs.get('text', { format: 'bytes' }); return { statusCode: 200, body: (b instanceof Uint8Array) + ':' + Array.prototype.join.call(b, ',') }`,
    ),
    'true:104,195,169,108,108,111',
  )
})

test('cf.kvs: get of a missing key rejects', () => {
  assert.equal(
    kvsBody(
      `try { await kvs.get('nope'); return { statusCode: 200, body: 'found' } } catch (e) { return { statusCode: 200, body: 'rejected:' + (e instanceof Error) } }`,
    ),
    'rejected:true',
  )
})

test('cf.kvs: exists answers true and false', () => {
  assert.equal(
    kvsBody(
      `return { statusCode: 200, body: (await kvs.exists('text')) + ',' + (await kvs.exists('nope')) }`,
    ),
    'true,false',
  )
})

test('cf.kvs: meta reports keyCount and ISO 8601 times', () => {
  const body = kvsBody(`return { statusCode: 200, body: JSON.stringify(await kvs.meta()) }`)
  assert.deepEqual(JSON.parse(body), {
    creationDateTime: '2023-11-30T23:07:55.765Z',
    lastUpdatedDateTime: '2023-12-15T03:57:52.411Z',
    keyCount: 3,
  })
})

test("cf.kvs: an id argument (even AWS samples' placeholder) returns the associated store", () => {
  const code = `import cf from 'cloudfront';
const kvsId = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
const kvs = cf.kvs(kvsId);
async function handler() { return { statusCode: 200, body: await kvs.get('text') } }`
  assert.equal(bodyOf(runCode(code, { keyValueStore: store })), 'héllo')
})

test('cf.kvs: with no store associated, cf.kvs() throws synchronously with a clear message', () => {
  const code = `import cf from 'cloudfront';
function handler() {
  try { cf.kvs(); return { statusCode: 200, body: 'returned' } } catch (e) { return { statusCode: 200, body: e.message } }
}`
  assert.match(bodyOf(runCode(code)), /No key value store is associated with this function/)
})

test('cf.kvs: the store is read at each invocation, never changing during one', () => {
  const local = new MemoryKeyValueStore({ id: '54947df8-0e9e-4471-a2f9-9af509fb5880' })
  local.put('k', 'one')
  const code = `import cf from 'cloudfront';
const kvs = cf.kvs();
async function handler() { const a = await kvs.get('k'); const b = await kvs.get('k'); return { statusCode: 200, body: a + b } }`
  const fn = loadFunction({ code, runtime: 'cloudfront-js-2.0', keyValueStore: local })
  try {
    assert.equal(bodyOf(runFunction(fn, viewerRequestEvent('/'))), 'oneone')
    local.put('k', 'two')
    assert.equal(bodyOf(runFunction(fn, viewerRequestEvent('/'))), 'twotwo')
  } finally {
    fn.dispose()
  }
})

test('cf.updateRequestOrigin: the origin change is recorded in the result', () => {
  const code = `import cf from 'cloudfront';
function handler(event) {
  cf.updateRequestOrigin({ domainName: 'origin.example.com', originPath: '/v2', customHeaders: { 'x-key': 'v' }, connectionAttempts: 2 });
  return event.request;
}`
  const result = runCode(code)
  assert.equal(result.errorMessage, undefined)
  assert.deepEqual(result.originChange, {
    type: 'updateRequestOrigin',
    params: {
      domainName: 'origin.example.com',
      originPath: '/v2',
      customHeaders: { 'x-key': 'v' },
      connectionAttempts: 2,
    },
  })
})

test('cf.updateRequestOrigin: connectionAttempts outside 1-3 is an error', () => {
  const result = runCode(`import cf from 'cloudfront';
function handler(event) { cf.updateRequestOrigin({ connectionAttempts: 9 }); return event.request }`)
  assert.match(result.errorMessage ?? '', /connectionAttempts/)
})

test('cf.selectRequestOriginById: the chosen origin id is recorded', () => {
  const result = runCode(`import cf from 'cloudfront';
function handler(event) { cf.selectRequestOriginById('blog-origin', { hostHeader: 'blog.example.com' }); return event.request }`)
  assert.deepEqual(result.originChange, {
    type: 'selectRequestOriginById',
    originId: 'blog-origin',
    params: { hostHeader: 'blog.example.com' },
  })
})

test('cf.createRequestOriginGroup: both documented shapes are accepted and recorded', () => {
  for (const originIds of [
    `['a', 'b']`,
    `[{ originId: 'a' }, { originId: 'b', originOverrides: { originPath: '/x' } }]`,
  ]) {
    const result = runCode(`import cf from 'cloudfront';
function handler(event) { cf.createRequestOriginGroup({ originIds: ${originIds}, failoverCriteria: { statusCodes: [500, 502] } }); return event.request }`)
    assert.equal(result.errorMessage, undefined)
    assert.equal(result.originChange?.type, 'createRequestOriginGroup')
  }
})

test('cf origin helpers: not available in viewer-response', () => {
  const result = runCode(
    `import cf from 'cloudfront';
function handler(event) { cf.updateRequestOrigin({ domainName: 'x.example' }); return event.response }`,
    { event: viewerResponseEvent('/') },
  )
  assert.match(result.errorMessage ?? '', /viewer-request/)
})

test('cf.edgeLocation: set in viewer-request, empty in viewer-response', () => {
  const code = `import cf from 'cloudfront';
function handler(event) { return { statusCode: 200, body: JSON.stringify(cf.edgeLocation) } }`
  const request = JSON.parse(bodyOf(runCode(code)))
  assert.deepEqual(Object.keys(request).sort(), ['name', 'region', 'serverIp'])
  const response = runCode(code, { event: viewerResponseEvent('/') })
  assert.ok(response.output && 'response' in response.output)
  assert.equal(response.output.response.body, '{}')
})
