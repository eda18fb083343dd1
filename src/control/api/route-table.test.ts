import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createRouteTable, type RoutePattern } from './route-table.js'

const route = (method: RoutePattern['method'], path: string, extra: Partial<RoutePattern> = {}) => ({
  method,
  path,
  ...extra,
})

test('route table: captures decoded segments; an empty one only with emptyParams', () => {
  const routes = [route('GET', 'stores/:name/keys/:key')]
  const match = createRouteTable(routes)
  assert.deepEqual(match('GET', ['stores', 'a/b', 'keys', 'k']), {
    kind: 'found',
    route: routes[0],
    params: { name: 'a/b', key: 'k' },
  })
  assert.deepEqual(match('GET', ['stores', '', 'keys', 'k']), { kind: 'not-found' })
  assert.deepEqual(match('GET', ['stores', 'a', 'keys']), { kind: 'not-found' })
  const lenient = createRouteTable(routes, { emptyParams: true })
  assert.equal(lenient('GET', ['stores', '', 'keys', '']).kind, 'found')
})

test('route table: a path served on other methods is method-not-allowed, with them', () => {
  const match = createRouteTable([route('GET', 'stores'), route('POST', 'stores'), route('*', 'any')])
  assert.deepEqual(match('PUT', ['stores']), { kind: 'method-not-allowed', allowed: ['GET', 'POST'] })
  assert.equal(match('PATCH', ['any']).kind, 'found')
})

test('route table: a public route on another method counts as absent; splats are tried last', () => {
  const routes = [
    route('POST', 'api/logout', { public: true }),
    route('GET', 'api/session'),
    route('*', 'api/*'),
    route('*', '*', { public: true }),
  ]
  const match = createRouteTable(routes)
  const found = (method: string, segments: string[]) => {
    const m = match(method, segments)
    return m.kind === 'found' ? m.route : m.kind
  }
  assert.equal(found('POST', ['api', 'logout']), routes[0])
  assert.equal(found('GET', ['api', 'logout']), routes[2])
  assert.equal(found('POST', ['api', 'session']), 'method-not-allowed')
  assert.equal(found('GET', ['api']), routes[2])
  assert.equal(found('GET', ['index.html']), routes[3])
  assert.equal(found('GET', []), routes[3])
})
