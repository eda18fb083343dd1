import assert from 'node:assert/strict'
import { channel, subscribe, unsubscribe } from 'node:diagnostics_channel'
import { test } from 'node:test'
import { VergeError } from '../../shared/index.js'
import { ApiError } from './api-errors.js'
import type { ApiRequest, ApiResponse } from './api-types.js'
import { mount } from './mount.js'

const CHANNEL = 'verge:test:mount:internal-error'

function request(method: string, path: string, headers: Record<string, string> = {}): ApiRequest {
  return {
    method,
    rawUrl: path,
    segments: path.split('/').slice(1),
    query: new URLSearchParams(),
    headers,
    body: new Uint8Array(),
  }
}

const said = (response: ApiResponse) => `${response.status} ${String(response.body)}`

// A surface whose auth step wants `x-user`, and whose wire shape is `<code>: <message>`.
const api = mount<string>({
  prefix: 'p',
  maxBodyBytes: 10,
  routes: [
    {
      method: 'GET',
      path: 'hello/:name',
      operation: async ({ params, auth }) => ({ status: 200, body: `${auth}→${params.name}` }),
    },
    {
      method: 'GET',
      path: 'open',
      public: true,
      operation: async ({ auth }) => ({ status: 200, body: String(auth) }),
    },
    {
      method: 'GET',
      path: 'refuse',
      operation: async () => {
        throw new VergeError('Nope', 'refused')
      },
    },
    {
      method: 'GET',
      path: 'crash',
      operation: async () => {
        throw new TypeError('bug')
      },
    },
  ],
  authenticate(req) {
    const user = req.headers['x-user']
    if (typeof user !== 'string') throw new VergeError('Unauthenticated', 'who are you?')
    return user
  },
  mapError(error) {
    if (error instanceof ApiError && error.code === 'Internal') return { status: 500, body: 'Internal' }
    if (error instanceof VergeError) return { status: 400, body: `${error.code}: ${error.message}` }
    return undefined
  },
  internalErrors: channel(CHANNEL),
})

test('mount: the auth step runs before the route, and its result reaches the operation', async () => {
  assert.equal(said(await api.handle(request('GET', '/p/hello/ann', { 'x-user': 'bo' }))), '200 bo→ann')
  assert.equal(said(await api.handle(request('GET', '/p/hello/ann'))), '400 Unauthenticated: who are you?')
  // A miss is reported only to an authenticated caller.
  assert.equal(said(await api.handle(request('GET', '/p/nowhere'))), '400 Unauthenticated: who are you?')
  assert.equal(
    said(await api.handle(request('DELETE', '/p/hello/ann', { 'x-user': 'bo' }))),
    '400 UnknownOperation: No operation for DELETE /p/hello/ann.',
  )
})

test('mount: a public route runs without the auth step', async () => {
  assert.equal(said(await api.handle(request('GET', '/p/open'))), '200 undefined')
})

test('mount: a thrown error is mapped once; an unexpected one is Internal and published', async () => {
  const published: unknown[] = []
  const listener = (message: unknown) => published.push((message as { error: unknown }).error)
  subscribe(CHANNEL, listener)
  try {
    assert.equal(said(await api.handle(request('GET', '/p/refuse', { 'x-user': 'bo' }))), '400 Nope: refused')
    assert.equal(published.length, 0)
    assert.equal(said(await api.handle(request('GET', '/p/crash', { 'x-user': 'bo' }))), '500 Internal')
    assert.equal(published.length, 1)
    assert.ok(published[0] instanceof TypeError)
  } finally {
    unsubscribe(CHANNEL, listener)
  }
})

test('mount: malformed requests and internal errors use the same mapper', () => {
  assert.equal(said(api.malformed('bad path')), '400 MalformedRequest: bad path')
  assert.equal(said(api.internalError()), '500 Internal')
})
