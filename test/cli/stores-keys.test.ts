import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { type CliFixture, parseJson, runCli, startCliFixture } from './cli-process.js'

let fx: CliFixture

before(async () => {
  fx = await startCliFixture()
})

after(async () => {
  await fx.stop()
})

interface StoreOutput {
  ETag: string
  KeyValueStore: { Name: string; ARN: string; Status: string; Comment: string }
  Data?: { ItemCount: number; TotalSizeInBytes: number; ETag: string }
}

function importFile(name: string, entries: Record<string, string>): string {
  const file = join(fx.home, name)
  writeFileSync(
    file,
    JSON.stringify({ data: Object.entries(entries).map(([key, value]) => ({ key, value })) }),
  )
  return file
}

test('verge store: create, list, describe and update a store, each --output json parsing', async () => {
  const created = await fx.vergeJson<StoreOutput>('store', 'create', 'cli-basic', '--comment', 'first')
  assert.equal(created.KeyValueStore.Name, 'cli-basic')
  assert.equal(created.KeyValueStore.Status, 'READY')
  assert.match(created.KeyValueStore.ARN, /^arn:aws:cloudfront::\d{12}:key-value-store\/[0-9a-f-]{36}$/)

  const listed = await fx.vergeJson<Array<{ Name: string }>>('store', 'list')
  assert.ok(listed.some((s) => s.Name === 'cli-basic'))

  const updated = await fx.vergeJson<StoreOutput>('store', 'update', 'cli-basic', '--comment', 'second')
  assert.equal(updated.KeyValueStore.Comment, 'second')
  assert.notEqual(updated.ETag, created.ETag, 'the CLI read the current ETag and the update changed it')

  const described = await fx.vergeJson<StoreOutput>('store', 'describe', 'cli-basic')
  assert.equal(described.KeyValueStore.Comment, 'second')
  assert.equal(described.ETag, updated.ETag)
  assert.deepEqual(described.Data && { n: described.Data.ItemCount, b: described.Data.TotalSizeInBytes }, {
    n: 0,
    b: 0,
  })

  const table = await fx.verge('store', 'list')
  assert.equal(table.code, 0)
  assert.match(table.stdout, /^NAME\s+STATUS\s+LAST MODIFIED\s+COMMENT\s+ARN\n/)
  assert.match(table.stdout, /\ncli-basic\s+READY\s+\S+\s+second\s+arn:/)
})

test('verge key: put, get, list, batch update and delete, with the data ETag handled for the user', async () => {
  await fx.vergeJson('store', 'create', 'cli-keys')
  const put = await fx.vergeJson<{ ETag: string; ItemCount: number }>(
    'key',
    'put',
    'cli-keys',
    'hello',
    'Hello World',
  )
  assert.equal(put.ItemCount, 1)

  const got = await fx.verge('key', 'get', 'cli-keys', 'hello')
  assert.deepEqual([got.code, got.stdout], [0, 'Hello World\n'])
  const gotJson = await fx.vergeJson<{ Key: string; Value: string }>('key', 'get', 'cli-keys', 'hello')
  assert.deepEqual([gotJson.Key, gotJson.Value], ['hello', 'Hello World'])

  const batch = join(fx.home, 'batch.json')
  writeFileSync(
    batch,
    JSON.stringify({
      Puts: [
        { Key: 'blog', Value: 'blog-v1' },
        { Key: 'tmp', Value: 'x' },
      ],
      Deletes: [{ Key: 'hello' }],
    }),
  )
  const updated = await fx.vergeJson<{ ItemCount: number; Puts: number; Deletes: number }>(
    'key',
    'update',
    'cli-keys',
    '--file',
    batch,
  )
  assert.deepEqual([updated.ItemCount, updated.Puts, updated.Deletes], [2, 2, 1])

  const deleted = await fx.vergeJson<{ ItemCount: number }>('key', 'delete', 'cli-keys', 'tmp')
  assert.equal(deleted.ItemCount, 1)
  const listed = await fx.vergeJson<Array<{ Key: string; Value: string }>>('key', 'list', 'cli-keys')
  assert.deepEqual(listed, [{ Key: 'blog', Value: 'blog-v1' }])

  // A stale --if-match is used as given: the data plane refuses it (ConflictException, exit 1).
  const stale = await fx.verge('key', 'put', 'cli-keys', 'blog', 'v9', '--if-match', put.ETag)
  assert.equal(stale.code, 1)
  assert.match(stale.stderr, /^error: ConflictException: /)
})

test('verge key list: pages through more than one page of keys', async () => {
  await fx.vergeJson('store', 'create', 'cli-many')
  const entries = Object.fromEntries(
    Array.from({ length: 120 }, (_, i) => [`k${String(i).padStart(3, '0')}`, `v${i}`]),
  )
  await fx.vergeJson('store', 'import', 'cli-many', '--file', importFile('many.json', entries))
  const listed = await fx.vergeJson<Array<{ Key: string }>>('key', 'list', 'cli-many')
  assert.equal(listed.length, 120)
  assert.equal(listed[119]?.Key, 'k119')
})

test('verge store: create from a file, import, export, revisions and rollback through the admin API', async () => {
  const first = importFile('first.json', { blog: 'blog-v1', hello: 'Hello World' })
  const created = await fx.vergeJson<{ Import: { itemCount: number } }>(
    'store',
    'create',
    'cli-content',
    '--file',
    first,
  )
  assert.equal(created.Import.itemCount, 2)

  const imported = await fx.vergeJson<{ Revision: number; ItemCount: number; ETag: string }>(
    'store',
    'import',
    'cli-content',
    '--file',
    importFile('second.json', { blog: 'blog-v2' }),
  )
  assert.equal(imported.ItemCount, 1)

  const exported = await fx.verge('store', 'export', 'cli-content')
  assert.equal(exported.code, 0)
  assert.deepEqual(parseJson(exported), { data: [{ key: 'blog', value: 'blog-v2' }] })

  const history = await fx.vergeJson<{ Revisions: Array<{ Revision: number; Kind: string }> }>(
    'store',
    'revisions',
    'cli-content',
  )
  const kinds = history.Revisions.map((r) => r.Kind)
  assert.equal(history.Revisions[0]?.Revision, imported.Revision, 'newest first')
  assert.equal(kinds.filter((k) => /import/.test(k)).length, 2)
  const firstImport = history.Revisions[1]?.Revision as number

  const old = await fx.verge('store', 'export', 'cli-content', '--revision', String(firstImport))
  assert.equal(old.stdout.includes('Hello World'), true, 'export at an earlier revision')

  const rolledBack = await fx.vergeJson<{ ItemCount: number; RestoredRevision: number }>(
    'store',
    'rollback',
    'cli-content',
    '--revision',
    String(firstImport),
  )
  assert.deepEqual([rolledBack.ItemCount, rolledBack.RestoredRevision], [2, firstImport])
  const hello = await fx.verge('key', 'get', 'cli-content', 'hello')
  assert.equal(hello.stdout, 'Hello World\n')

  const out = join(fx.home, 'export.json')
  const written = await fx.vergeJson<{ File: string; ItemCount: number }>(
    'store',
    'export',
    'cli-content',
    '--file',
    out,
  )
  assert.equal(written.ItemCount, 2)
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).data.length, 2)
})

test('verge store create --file: a refused file leaves no store behind (exit 1, the AWS code)', async () => {
  const bad = join(fx.home, 'bad.json')
  writeFileSync(bad, '{"data":[{"key":"a"}]}')
  const result = await fx.verge('store', 'create', 'cli-refused', '--file', bad)
  assert.equal(result.code, 1)
  assert.match(result.stderr, /^error: InvalidArgument: /)
  const gone = await fx.verge('store', 'describe', 'cli-refused')
  assert.equal(gone.code, 3)
})

test('verge store delete: reads the ETag and deletes; afterwards describe exits 3', async () => {
  await fx.vergeJson('store', 'create', 'cli-doomed')
  const deleted = await fx.vergeJson<{ Deleted: boolean }>('store', 'delete', 'cli-doomed')
  assert.equal(deleted.Deleted, true)
  const result = await fx.verge('store', 'describe', 'cli-doomed')
  assert.equal(result.code, 3)
})

test('not found: an unknown store, key or revision source exits 3 with the AWS error code and message', async () => {
  const store = await fx.verge('store', 'describe', 'no-such-store')
  assert.equal(store.code, 3)
  assert.equal(store.stdout, '')
  assert.match(store.stderr, /^error: EntityNotFound: The key value store no-such-store does not exist\.\n$/)

  const exported = await fx.verge('store', 'export', 'no-such-store')
  assert.equal(exported.code, 3)
  assert.match(exported.stderr, /^error: EntityNotFound: /)

  await fx.vergeJson('store', 'create', 'cli-empty')
  const key = await fx.verge('key', 'get', 'cli-empty', 'missing', '--output', 'json')
  assert.equal(key.code, 3)
  assert.equal(key.stdout, '', 'no JSON document on failure')
  assert.match(key.stderr, /^error: ResourceNotFoundException: /)
})

test('credentials: wrong keys exit 1 with the AWS code; a profile file and ./.verge/credentials.json work', async () => {
  const { accessKeyId, secretAccessKey } = fx.controlPlane.credentials
  const wrong = await runCli(['store', 'list'], {
    env: { ...fx.env, VERGE_SECRET_ACCESS_KEY: 'wrong-secret' },
    cwd: fx.home,
  })
  assert.equal(wrong.code, 1)
  // The CloudFront API names it as AWS does; the admin API says AccessDenied.
  assert.match(wrong.stderr, /^error: SignatureDoesNotMatch: /)

  const adminWrong = await runCli(['edges', 'list'], {
    env: { ...fx.env, VERGE_SECRET_ACCESS_KEY: 'x' },
    cwd: fx.home,
  })
  assert.equal(adminWrong.code, 1)
  assert.match(adminWrong.stderr, /^error: AccessDenied: /)

  mkdirSync(join(fx.home, '.verge'), { recursive: true })
  const config = join(fx.home, '.verge', 'config.json')
  writeFileSync(
    config,
    JSON.stringify({ profiles: { ci: { endpoint: fx.controlPlane.url, accessKeyId, secretAccessKey } } }),
  )
  const viaProfile = await runCli(['store', 'list', '--profile', 'ci', '-o', 'json'], {
    env: { HOME: fx.home },
    cwd: fx.home,
  })
  assert.equal(viaProfile.code, 0, viaProfile.stderr)
  assert.ok(Array.isArray(parseJson(viaProfile)))

  const missingProfile = await runCli(['store', 'list', '--profile', 'nope'], {
    env: { HOME: fx.home },
    cwd: fx.home,
  })
  assert.equal(missingProfile.code, 2)

  // What `verge start` leaves in its working directory.
  const project = join(fx.home, 'project')
  mkdirSync(join(project, '.verge'), { recursive: true })
  writeFileSync(join(project, '.verge', 'credentials.json'), JSON.stringify({ accessKeyId, secretAccessKey }))
  const viaLocal = await runCli(['store', 'list', '--endpoint', fx.controlPlane.url], {
    env: { HOME: join(fx.home, 'elsewhere') },
    cwd: project,
  })
  assert.equal(viaLocal.code, 0, viaLocal.stderr)
})

test('connection failures: an unreachable endpoint exits 1 with ConnectionFailed', async () => {
  const result = await fx.verge('store', 'list', '--endpoint', 'http://127.0.0.1:9')
  assert.equal(result.code, 1)
  assert.match(result.stderr, /^error: ConnectionFailed: /)
})

test('verge edges list: --output json parses, with the latest revision', async () => {
  const edges = await fx.vergeJson<{ LatestRevision: number; Edges: unknown[] }>('edges', 'list')
  assert.equal(edges.LatestRevision, fx.controlPlane.feed.latest)
  assert.deepEqual(edges.Edges, [])
})

test('verge store create --source: the control plane fetches the file; the CLI waits for READY or reports IMPORT_FAILURE', async () => {
  const files: Record<string, string> = {
    '/good.json': JSON.stringify({ data: [{ key: 'from', value: 'http' }] }),
    '/bad.json': '{"data": "not a list"}',
  }
  const server = createServer((req, res) => {
    const body = files[req.url ?? '']
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' })
    res.end(body ?? '')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  try {
    const created = await fx.vergeJson<StoreOutput>(
      'store',
      'create',
      'cli-remote',
      '--source',
      `${base}/good.json`,
    )
    assert.equal(created.KeyValueStore.Status, 'READY')
    assert.equal((await fx.verge('key', 'get', 'cli-remote', 'from')).stdout, 'http\n')

    const failed = await fx.verge('store', 'create', 'cli-remote-bad', '--source', `${base}/bad.json`)
    assert.equal(failed.code, 1)
    assert.match(failed.stderr, /^error: ImportFailed: The import into cli-remote-bad failed: /)

    const reimported = await fx.vergeJson<{ ItemCount: number }>(
      'store',
      'import',
      'cli-remote',
      '--source',
      `${base}/good.json`,
    )
    assert.equal(reimported.ItemCount, 1)
  } finally {
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  }
})
