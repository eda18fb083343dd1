import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { KEY_ECHO_FUNCTION } from '../../src/cli/demo/seed-functions.js'
import { createConsoleApi } from '../../src/control/api/console/console-api.js'
import { SESSION_COOKIE } from '../../src/control/api/console/console-auth.js'
import { ConsoleSessionStore } from '../../src/control/api/console/console-session.js'
import { SignInThrottle } from '../../src/control/api/console/sign-in-throttle.js'
import { startTestControlPlane, TEST_CREDENTIALS, type TestControlPlane } from '../helpers/control-plane.js'
import { ConsoleClient } from './console-client.js'
import { consoleDistributionForm } from './distribution-form.js'

let control: TestControlPlane
let url: string

before(async () => {
  control = await startTestControlPlane()
  url = control.controlPlane.url
})

after(async () => {
  await control.stop()
})

async function signedIn(): Promise<ConsoleClient> {
  const client = new ConsoleClient(url)
  const reply = await client.login(TEST_CREDENTIALS.accessKeyId, TEST_CREDENTIALS.secretAccessKey)
  assert.equal(reply.status, 200)
  return client
}

test('console api: every route needs a session', async () => {
  const client = new ConsoleClient(url)
  for (const [method, path] of [
    ['GET', '/console/api/key-value-stores'],
    ['GET', '/console/api/session'],
    ['GET', '/console/api/edges'],
    ['POST', '/console/api/key-value-stores'],
    ['DELETE', '/console/api/functions/x'],
  ] as const) {
    const reply = await client.request(method, path, method === 'POST' ? { json: { name: 'nope' } } : {})
    assert.equal(reply.status, 401, `${method} ${path}`)
    assert.deepEqual(reply.body, { code: 'Unauthorized', message: 'Sign in to use the console.' })
  }
  const stores = await control.controlPlane.keyValueStores.listKeyValueStores()
  assert.equal(stores.items.length, 0)
})

test('console api: a wrong access key or secret is refused without a session', async () => {
  const client = new ConsoleClient(url)
  for (const [id, secret] of [
    [TEST_CREDENTIALS.accessKeyId, 'wrong-secret'],
    ['AKIDOTHER', TEST_CREDENTIALS.secretAccessKey],
    ['', ''],
  ]) {
    const reply = await client.login(id!, secret!)
    assert.equal(reply.status, 401)
    assert.equal((reply.body as { code: string }).code, 'InvalidCredentials')
    assert.equal(reply.headers.get('set-cookie'), null)
  }
  const reply = await client.request('GET', '/console/api/key-value-stores')
  assert.equal(reply.status, 401)
})

test('console api: sign-in sets an HttpOnly, SameSite=Strict session cookie for /console', async () => {
  const client = new ConsoleClient(url)
  const reply = await client.login(TEST_CREDENTIALS.accessKeyId, TEST_CREDENTIALS.secretAccessKey)
  assert.equal(reply.status, 200)
  const cookie = reply.headers.get('set-cookie') ?? ''
  assert.match(cookie, new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; `))
  assert.match(cookie, /; HttpOnly/)
  assert.match(cookie, /; SameSite=Strict/)
  assert.match(cookie, /; Path=\/console/)
  const body = reply.body as { csrfToken: string; accessKeyId: string }
  assert.equal(body.accessKeyId, TEST_CREDENTIALS.accessKeyId)
  assert.ok(!cookie.includes(body.csrfToken), 'the CSRF token is not the cookie')
  const session = await client.request('GET', '/console/api/session')
  assert.equal(session.status, 200)
  assert.equal((session.body as { csrfToken: string }).csrfToken, body.csrfToken)
})

test('console api: a mutating call without the right CSRF token changes nothing', async () => {
  const client = await signedIn()
  const missing = await client.request('POST', '/console/api/key-value-stores', {
    json: { name: 'csrf-a' },
    csrf: false,
  })
  assert.equal(missing.status, 403)
  assert.equal((missing.body as { code: string }).code, 'CsrfRejected')
  const wrong = await client.request('POST', '/console/api/key-value-stores', {
    json: { name: 'csrf-b' },
    csrf: false,
    headers: { 'x-csrf-token': 'x'.repeat(43) },
  })
  assert.equal(wrong.status, 403)
  const other = await signedIn()
  const foreign = await client.request('POST', '/console/api/key-value-stores', {
    json: { name: 'csrf-c' },
    csrf: false,
    headers: { 'x-csrf-token': other.csrfToken! },
  })
  assert.equal(foreign.status, 403, "another session's token does not count")
  for (const name of ['csrf-a', 'csrf-b', 'csrf-c']) {
    await assert.rejects(control.controlPlane.keyValueStores.describeKeyValueStore(name), {
      code: 'EntityNotFound',
    })
  }
  const ok = await client.request('POST', '/console/api/key-value-stores', { json: { name: 'csrf-ok' } })
  assert.equal(ok.status, 201)
})

test('console api: calls from another origin, and bodies that are not JSON, are refused', async () => {
  const client = await signedIn()
  const foreign = await client.request('POST', '/console/api/key-value-stores', {
    json: { name: 'evil' },
    headers: { origin: 'http://evil.example' },
  })
  assert.equal(foreign.status, 403)
  const form = await client.request('POST', '/console/api/key-value-stores', {
    body: 'name=evil2',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  })
  assert.equal(form.status, 403)
  const login = await new ConsoleClient(url).request('POST', '/console/api/login', {
    json: TEST_CREDENTIALS,
    headers: { origin: 'http://evil.example' },
  })
  assert.equal(login.status, 403, 'no sign-in from another site')
  await assert.rejects(control.controlPlane.keyValueStores.describeKeyValueStore('evil'), {
    code: 'EntityNotFound',
  })
})

test('console api: sign-out ends the session', async () => {
  const client = await signedIn()
  const cookie = client.cookie
  const reply = await client.request('POST', '/console/api/logout')
  assert.equal(reply.status, 204)
  assert.match(reply.headers.get('set-cookie') ?? '', /Max-Age=0/)
  client.cookie = cookie
  const after = await client.request('GET', '/console/api/key-value-stores')
  assert.equal(after.status, 401)
  assert.equal((after.body as { message: string }).message, 'Your session has ended: sign in again.')
})

test('console api: an expired session is refused and its cookie cleared', async () => {
  const clock = { now: Date.now() }
  const sessions = new ConsoleSessionStore({ idleMs: 1000, clock: () => clock.now })
  const mount = createConsoleApi({ ...control.controlPlane, sessions, latestRevision: () => 0 })
  const call = (method: string, path: string, headers: Record<string, string>, body = '') =>
    mount.handle({
      method,
      rawUrl: path,
      segments: path.split('/').slice(1),
      query: new URLSearchParams(),
      headers,
      body: Buffer.from(body),
    })
  const login = await call(
    'POST',
    '/console/api/login',
    { 'content-type': 'application/json' },
    JSON.stringify(TEST_CREDENTIALS),
  )
  assert.equal(login.status, 200)
  const cookie = (login.headers?.['set-cookie'] ?? '').split(';')[0]!
  assert.equal((await call('GET', '/console/api/key-value-stores', { cookie })).status, 200)
  clock.now += 999
  assert.equal((await call('GET', '/console/api/key-value-stores', { cookie })).status, 200)
  clock.now += 1000
  const expired = await call('GET', '/console/api/key-value-stores', { cookie })
  assert.equal(expired.status, 401)
  assert.match(expired.headers?.['set-cookie'] ?? '', /Max-Age=0/)
})

test('console api: repeated failed sign-ins from one address must wait, even with the right key', async () => {
  const clock = { now: Date.now() }
  const signInThrottle = new SignInThrottle({ freeFailures: 3, firstLockMs: 30_000, clock: () => clock.now })
  const mount = createConsoleApi({ ...control.controlPlane, signInThrottle, latestRevision: () => 0 })
  const login = (secretAccessKey: string, remoteAddress = '198.51.100.7') =>
    mount.handle({
      method: 'POST',
      rawUrl: '/console/api/login',
      segments: ['console', 'api', 'login'],
      query: new URLSearchParams(),
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey })),
      remoteAddress,
    })
  for (let i = 0; i < 3; i++) assert.equal((await login('wrong-secret')).status, 401)
  const refused = await login(TEST_CREDENTIALS.secretAccessKey)
  assert.equal(refused.status, 429)
  assert.equal(refused.headers?.['retry-after'], '30')
  assert.deepEqual(JSON.parse(String(refused.body)), {
    code: 'TooManyRequests',
    message: 'Too many failed sign-ins from this address: try again in 30 seconds.',
  })
  assert.equal(refused.headers?.['set-cookie'], undefined)
  // Another address is not held back.
  assert.equal((await login(TEST_CREDENTIALS.secretAccessKey, '203.0.113.9')).status, 200)
  clock.now += 30_000
  assert.equal((await login(TEST_CREDENTIALS.secretAccessKey)).status, 200)
})

test('console api: service errors become {code, message} with their status', async () => {
  const client = await signedIn()
  const bad = await client.request('POST', '/console/api/key-value-stores', { json: { name: 'not a name!' } })
  assert.equal(bad.status, 400)
  assert.deepEqual(bad.body, { code: 'InvalidArgument', message: 'Name must match [a-zA-Z0-9-_]{1,64}.' })
  const missing = await client.request('GET', '/console/api/key-value-stores/nowhere')
  assert.equal(missing.status, 404)
  assert.equal((missing.body as { code: string }).code, 'EntityNotFound')
  await client.request('POST', '/console/api/key-value-stores', { json: { name: 'dup' } })
  const dup = await client.request('POST', '/console/api/key-value-stores', { json: { name: 'dup' } })
  assert.equal(dup.status, 409)
  assert.equal((dup.body as { code: string }).code, 'EntityAlreadyExists')
  const code = await client.request('POST', '/console/api/functions', {
    json: {
      name: 'broken',
      runtime: 'cloudfront-js-2.0',
      code: 'function handler(event) {\n  return event.request\n',
    },
  })
  assert.equal(code.status, 400)
  const body = code.body as { code: string; message: string; line?: number; column?: number }
  assert.equal(body.code, 'InvalidArgument')
  assert.equal(body.line, 3)
  assert.equal(typeof body.column, 'number')
  const stale = await client.request('PUT', '/console/api/key-value-stores/dup/keys/a', {
    json: { value: 'x' },
    headers: { 'if-match': 'stale-etag' },
  })
  assert.equal(stale.status, 412)
  assert.equal((stale.body as { code: string }).code, 'PreconditionFailed')
  const notJson = await client.request('POST', '/console/api/key-value-stores', {
    body: '{',
    headers: { 'content-type': 'application/json' },
  })
  assert.deepEqual(notJson.body, { code: 'BadRequest', message: 'The request body is not valid JSON.' })
  const unknown = await client.request('GET', '/console/api/nothing-here')
  assert.equal(unknown.status, 404)
  assert.equal((unknown.body as { code: string }).code, 'NotFound')
})

test('console api: keys are searched in keys and values, and paged', async () => {
  const client = await signedIn()
  await client.request('POST', '/console/api/key-value-stores', { json: { name: 'paged' } })
  const data = Array.from({ length: 30 }, (_, i) => ({
    key: `k${String(i).padStart(2, '0')}`,
    value: i % 3 === 0 ? `Blue ${i}` : `red ${i}`,
  }))
  const imported = await client.request('POST', '/console/api/key-value-stores/paged/import', {
    json: { data },
  })
  assert.equal(imported.status, 200)
  const first = await client.request('GET', '/console/api/key-value-stores/paged/keys?pageSize=12')
  const page1 = first.body as { items: { key: string }[]; nextToken?: string; store: { itemCount: number } }
  assert.equal(page1.store.itemCount, 30)
  assert.deepEqual(
    page1.items.map((e) => e.key),
    data.slice(0, 12).map((e) => e.key),
  )
  assert.ok(page1.nextToken)
  const second = await client.request(
    'GET',
    `/console/api/key-value-stores/paged/keys?pageSize=12&nextToken=${page1.nextToken}`,
  )
  const page2 = second.body as { items: { key: string }[]; nextToken?: string }
  assert.deepEqual(
    page2.items.map((e) => e.key),
    data.slice(12, 24).map((e) => e.key),
  )
  const third = await client.request(
    'GET',
    `/console/api/key-value-stores/paged/keys?pageSize=12&nextToken=${page2.nextToken}`,
  )
  const page3 = third.body as { items: { key: string }[]; nextToken?: string }
  assert.equal(page3.items.length, 6)
  assert.equal(page3.nextToken, undefined)
  const search = await client.request(
    'GET',
    '/console/api/key-value-stores/paged/keys?search=blue&pageSize=4',
  )
  const found = search.body as { items: { key: string; value: string }[]; nextToken?: string }
  assert.deepEqual(
    found.items.map((e) => e.key),
    ['k00', 'k03', 'k06', 'k09'],
  )
  const rest = await client.request(
    'GET',
    `/console/api/key-value-stores/paged/keys?search=blue&pageSize=4&nextToken=${found.nextToken}`,
  )
  assert.deepEqual(
    (rest.body as { items: { key: string }[] }).items.map((e) => e.key),
    ['k12', 'k15', 'k18', 'k21'],
  )
  const byKey = await client.request('GET', '/console/api/key-value-stores/paged/keys?search=K2')
  assert.equal((byKey.body as { items: unknown[] }).items.length, 10)
})

test('console api: add refuses an existing key; edit, delete, revisions and rollback work', async () => {
  const client = await signedIn()
  await client.request('POST', '/console/api/key-value-stores', { json: { name: 'edits' } })
  assert.equal(
    (
      await client.request('POST', '/console/api/key-value-stores/edits/keys', {
        json: { key: 'a', value: '1' },
      })
    ).status,
    201,
  )
  const again = await client.request('POST', '/console/api/key-value-stores/edits/keys', {
    json: { key: 'a', value: '2' },
  })
  assert.equal(again.status, 409)
  assert.equal(
    (await client.request('PUT', '/console/api/key-value-stores/edits/keys/a', { json: { value: '3' } }))
      .status,
    200,
  )
  const revisions = await client.request('GET', '/console/api/key-value-stores/edits/revisions')
  const list = (revisions.body as { revisions: { revision: number; kind: string }[] }).revisions
  assert.deepEqual(
    list.map((r) => r.kind),
    ['kvs.key.put', 'kvs.key.put', 'kvs.created'],
  )
  const firstPut = list[1]!.revision
  assert.equal((await client.request('DELETE', '/console/api/key-value-stores/edits/keys/a')).status, 200)
  const rolled = await client.request('POST', '/console/api/key-value-stores/edits/rollback', {
    json: { revision: firstPut },
  })
  assert.equal(rolled.status, 200)
  const keys = await client.request('GET', '/console/api/key-value-stores/edits/keys')
  assert.deepEqual((keys.body as { items: unknown[] }).items, [{ key: 'a', value: '1' }])
})

test('console api: functions are created, tested and published; LIVE shows beside DEVELOPMENT', async () => {
  const client = await signedIn()
  const store = await client.request('POST', '/console/api/key-value-stores', { json: { name: 'fn-store' } })
  const arn = (store.body as { arn: string }).arn
  await client.request('POST', '/console/api/key-value-stores/fn-store/keys', {
    json: { key: 'hello', value: 'Hello World' },
  })
  const created = await client.request('POST', '/console/api/functions', {
    json: {
      name: 'echo',
      runtime: 'cloudfront-js-2.0',
      comment: 'seed',
      keyValueStoreArn: arn,
      code: KEY_ECHO_FUNCTION,
    },
  })
  assert.equal(created.status, 201)
  assert.equal((created.body as { live?: unknown }).live, undefined)
  const event = {
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '1.2.3.4' },
    request: { method: 'GET', uri: '/hello', headers: {} },
  }
  const tested = await client.request('POST', '/console/api/functions/echo/test', { json: { event } })
  assert.equal(tested.status, 200)
  const result = (
    tested.body as {
      result: { output: { response: { body: { data: string } } }; computeUtilization: number }
    }
  ).result
  assert.equal(result.output.response.body.data, 'Key: hello Value: Hello World')
  assert.equal(typeof result.computeUtilization, 'number')
  const live = await client.request('POST', '/console/api/functions/echo/test', {
    json: { event, stage: 'LIVE' },
  })
  assert.equal(live.status, 404, 'no LIVE stage before publishing')
  const published = await client.request('POST', '/console/api/functions/echo/publish')
  assert.equal(published.status, 200)
  const detail = published.body as { development: { code: string }; live: { code: string; stage: string } }
  assert.equal(detail.live.stage, 'LIVE')
  assert.equal(detail.live.code, detail.development.code)
  const list = await client.request('GET', '/console/api/functions')
  const item = (list.body as { items: { name: string; live?: { status: string } }[] }).items.find(
    (f) => f.name === 'echo',
  )
  assert.equal(item?.live?.status, 'UNASSOCIATED')
})

test('console static: the page, client routes, assets and a redirect', async () => {
  const client = new ConsoleClient(url)
  const redirect = await client.request('GET', '/console')
  assert.equal(redirect.status, 308)
  assert.equal(redirect.headers.get('location'), '/console/')
  const index = await client.request('GET', '/console/')
  assert.ok(index.status === 200 || index.status === 503, 'the page, or how to build it')
  assert.match(index.headers.get('content-type') ?? '', /^text\/html/)
  assert.match(index.headers.get('content-security-policy') ?? '', /default-src 'self'/)
  const route = await client.request('GET', '/console/functions/some-function')
  assert.equal(route.text, index.text, 'client routes get index.html')
  const asset = await client.request('GET', '/console/assets/missing-file.js')
  assert.equal(asset.status, index.status === 200 ? 404 : 503)
  const climb = await client.request('GET', '/console/..%2F..%2Fpackage.json')
  assert.ok(climb.status === 400 || climb.status === 503)
  assert.ok(!climb.text.includes('"devDependencies"'))
  if (index.status === 200) {
    const script = /src="\/console\/(assets\/[^"]+\.js)"/.exec(index.text)?.[1]
    assert.ok(script, 'index.html loads a bundled script')
    const js = await client.request('GET', `/console/${script}`)
    assert.equal(js.status, 200)
    assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/)
    assert.match(js.headers.get('cache-control') ?? '', /immutable/)
  }
})

test('console api: distributions are created and edited from the form; an enabled one is not deleted', async () => {
  const client = await signedIn()
  const form = consoleDistributionForm({ comment: 'api', aliases: ['api.example.com'] })
  const created = await client.request('POST', '/console/api/distributions', { json: form })
  assert.equal(created.status, 201)
  const detail = created.body as { id: string; etag: string; form: typeof form }
  assert.deepEqual(detail.form, form)
  const unpublished = await client.request('PUT', `/console/api/distributions/${detail.id}`, {
    json: {
      ...form,
      defaultBehavior: {
        ...form.defaultBehavior,
        viewerRequestFunctionArn: 'arn:aws:cloudfront::000000000000:function/none',
      },
    },
    headers: { 'if-match': detail.etag },
  })
  assert.equal(unpublished.status, 400)
  assert.equal((unpublished.body as { code: string }).code, 'InvalidFunctionAssociation')
  const edited = await client.request('PUT', `/console/api/distributions/${detail.id}`, {
    json: { ...form, comment: 'edited' },
    headers: { 'if-match': detail.etag },
  })
  assert.equal(edited.status, 200)
  assert.equal((edited.body as { form: { comment: string } }).form.comment, 'edited')
  const stale = await client.request('PUT', `/console/api/distributions/${detail.id}`, {
    json: form,
    headers: { 'if-match': detail.etag },
  })
  assert.equal(stale.status, 412)
  const remove = await client.request('DELETE', `/console/api/distributions/${detail.id}`)
  assert.equal(remove.status, 409)
  assert.equal((remove.body as { code: string }).code, 'DistributionNotDisabled')
  const list = await client.request('GET', '/console/api/distributions')
  assert.deepEqual(
    (list.body as { items: { id: string; aliases: string[] }[] }).items.map((d) => [d.id, d.aliases]),
    [[detail.id, ['api.example.com']]],
  )
})
