import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, test } from 'node:test'
import type { ApiMount, ApiResponse } from './api-types.js'
import { createRouter } from './router.js'

const shaped = (status: number, shape: string): ApiResponse => ({ status, body: shape })

function mount(prefix: string, handle: ApiMount['handle']): ApiMount {
  return {
    prefix,
    maxBodyBytes: 1024,
    handle,
    malformed: () => shaped(400, `${prefix}:malformed`),
    internalError: () => shaped(500, `${prefix}:internal`),
  }
}

let server: Server
let base: string

before(async () => {
  const listener = createRouter(
    [
      mount('throws', async () => {
        throw new Error('boom')
      }),
      // A header value node refuses makes writeHead throw.
      mount('bad-header', async () => ({ status: 200, headers: { 'x-bad': 'a\nb' }, body: 'x' })),
      mount('ok', async () => shaped(200, 'ok')),
    ],
    {
      raw: [
        {
          matches: ({ rawPath }) => rawPath.startsWith('/raw/'),
          handle: () => {
            throw new TypeError('Invalid URL')
          },
        },
      ],
    },
  )
  server = createServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

after(() => new Promise<void>((resolve) => server.close(() => resolve())))

async function get(path: string): Promise<[number, string]> {
  const response = await fetch(`${base}${path}`)
  return [response.status, await response.text()]
}

test('router: a mount that rejects answers 500 in its own error shape', async () => {
  assert.deepEqual(await get('/throws/x'), [500, 'throws:internal'])
})

test('router: a response node cannot write answers 500 in the mount shape', async () => {
  assert.deepEqual(await get('/bad-header'), [500, 'bad-header:internal'])
})

test('router: a raw route that throws synchronously answers 500 and the server keeps serving', async () => {
  const [status, body] = await get('/raw/x')
  assert.equal(status, 500)
  assert.match(body, /"message"/)
  assert.deepEqual(await get('/ok'), [200, 'ok'])
})

test('router: an undecodable path is the mount malformed answer; an unknown prefix is 404', async () => {
  assert.deepEqual(await get('/ok/%zz'), [400, 'ok:malformed'])
  assert.equal((await get('/elsewhere'))[0], 404)
})
