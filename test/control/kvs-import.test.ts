import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { pathToFileURL } from 'node:url'
import {
  ConflictException,
  DescribeKeyValueStoreCommand,
  GetKeyCommand,
  ListKeysCommand,
} from '@aws-sdk/client-cloudfront-keyvaluestore'
import { ControlError } from '../../src/control/errors.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'
import { fullStoreFile, importFile } from '../helpers/import-files.js'
import { S3RVER_CREDENTIALS, startTestS3, type TestS3 } from '../helpers/s3rver.js'

describe('KVS import, export: S3 (s3rver), files and URLs', () => {
  let s3: TestS3
  let t: TestControlPlane
  let files: string
  let web: Server
  let webUrl: string
  let release: (() => void) | undefined
  const webFiles = new Map<string, string>()
  let counter = 0

  before(async () => {
    s3 = await startTestS3()
    files = mkdtempSync(join(tmpdir(), 'verge-import-files-'))
    t = await startTestControlPlane({
      s3: { endpoint: s3.endpoint, region: 'us-east-1', ...S3RVER_CREDENTIALS },
      importDir: files,
    })
    web = createServer((req, res) => {
      const send = () => {
        const body = webFiles.get(req.url ?? '')
        res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' }).end(body)
      }
      // `/held/...` answers only when the test releases it: the store stays PROVISIONING meanwhile.
      if (req.url?.startsWith('/held/')) release = send
      else send()
    })
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve))
    webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`
  })
  after(async () => {
    await t.stop()
    await s3.stop()
    await new Promise((resolve) => web.close(resolve))
    rmSync(files, { recursive: true, force: true })
  })

  async function importAndSettle(sourceArn: string) {
    const created = await t.controlPlane.keyValueStores.createKeyValueStore({
      name: `import-${++counter}`,
      importSource: { sourceType: 'S3', sourceArn },
    })
    assert.equal(created.status, 'PROVISIONING')
    await t.controlPlane.keyValueStores.importsSettled()
    return { created, store: await t.controlPlane.keyValueStores.describeKeyValueStore(created.name) }
  }

  test('S3: a 5 MiB store imports to READY through arn:aws:s3:::bucket/key', async () => {
    const file = fullStoreFile()
    assert.ok(Buffer.byteLength(file.text) > 5_000_000)
    await s3.put('full.json', file.text)
    const { store } = await importAndSettle(`arn:aws:s3:::${s3.bucket}/full.json`)
    assert.equal(store.status, 'READY')
    assert.equal(store.itemCount, file.count)
    assert.equal(store.totalSizeInBytes, file.contentBytes)
    const d = await t.client.send(new DescribeKeyValueStoreCommand({ KvsARN: store.arn }))
    assert.equal(d.Status, 'READY')
    assert.equal(d.ItemCount, file.count)
    const got = await t.client.send(new GetKeyCommand({ KvsARN: store.arn, Key: 'key-000042' }))
    assert.equal(got.Value, 'v'.repeat(1000))
  })

  test('S3: s3://bucket/key works too', async () => {
    await s3.put('dir/small.json', importFile(3, 5))
    const { store } = await importAndSettle(`s3://${s3.bucket}/dir/small.json`)
    assert.equal(store.status, 'READY')
    assert.equal(store.itemCount, 3)
  })

  test('file: an absolute path and a file: URL import', async () => {
    const path = join(files, 'three.json')
    writeFileSync(
      path,
      JSON.stringify({
        data: [
          { key: 'a', value: '1' },
          { key: 'é', value: '✓' },
        ],
      }),
    )
    for (const source of [path, pathToFileURL(path).href]) {
      const { store } = await importAndSettle(source)
      assert.equal(store.status, 'READY')
      assert.equal(store.itemCount, 2)
      assert.equal(store.totalSizeInBytes, 1 + 1 + 2 + 3)
    }
  })

  test('URL: an http URL imports', async () => {
    webFiles.set('/data.json', importFile(10, 20))
    const { store } = await importAndSettle(`${webUrl}/data.json`)
    assert.equal(store.status, 'READY')
    assert.equal(store.itemCount, 10)
    const items = (await t.client.send(new ListKeysCommand({ KvsARN: store.arn, MaxResults: 50 }))).Items
    assert.equal(items?.length, 10)
  })

  const badFiles: { name: string; body: string | Uint8Array; reason: RegExp }[] = [
    { name: 'bad JSON', body: '{"data":[{"key":"a","value":"b"}', reason: /not valid JSON/ },
    { name: 'not UTF-8', body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), reason: /not valid UTF-8/ },
    { name: 'no data array', body: '{"items":[]}', reason: /"data" array/ },
    {
      name: 'a value that is not a string',
      body: '{"data":[{"key":"a","value":1}]}',
      reason: /data\[0\]\.value must be a string/,
    },
    {
      name: 'duplicate key',
      body: '{"data":[{"key":"a","value":"1"},{"key":"b","value":"2"},{"key":"a","value":"3"}]}',
      reason: /Duplicate key at data\[2\] \(first at data\[0\]\)/,
    },
    {
      name: 'key over 512 bytes',
      body: JSON.stringify({ data: [{ key: 'k'.repeat(513), value: 'v' }] }),
      reason: /data\[0\]\.key is 513 bytes; the limit is 512 bytes/,
    },
    {
      name: 'value over 1024 bytes',
      body: JSON.stringify({ data: [{ key: 'k', value: 'é'.repeat(513) }] }),
      reason: /data\[0\]\.value is 1026 bytes; the limit is 1024 bytes/,
    },
    {
      name: 'store over 5 MiB',
      body: importFile(5200, 1010),
      reason:
        /^Datasource size exceeds the allowed limit: the keys and values take 5304000 bytes; the limit is 5242880 bytes/,
    },
  ]
  for (const bad of badFiles) {
    test(`IMPORT_FAILURE: ${bad.name} gives its reason and an empty store`, async () => {
      const key = `bad-${counter}.json`
      await s3.put(key, bad.body)
      const { store } = await importAndSettle(`arn:aws:s3:::${s3.bucket}/${key}`)
      assert.equal(store.status, 'IMPORT_FAILURE')
      assert.match(store.failureReason ?? '', bad.reason)
      const d = await t.client.send(new DescribeKeyValueStoreCommand({ KvsARN: store.arn }))
      assert.equal(d.Status, 'IMPORT_FAILURE')
      assert.match(d.FailureReason ?? '', bad.reason)
      assert.equal(d.ItemCount, 0)
      assert.deepEqual(await t.controlPlane.state.listKeys(store.id, {}), [])
      await assert.rejects(t.client.send(new ListKeysCommand({ KvsARN: store.arn })), ConflictException)
    })
  }

  test('IMPORT_FAILURE: a missing S3 object, file or URL', async () => {
    for (const [source, reason] of [
      [`arn:aws:s3:::${s3.bucket}/nope.json`, /does not exist/],
      [join(files, 'nope.json'), /does not exist/],
      [`${webUrl}/nope.json`, /answered HTTP 404/],
    ] as const) {
      const { store } = await importAndSettle(source)
      assert.equal(store.status, 'IMPORT_FAILURE')
      assert.match(store.failureReason ?? '', reason)
    }
  })

  test('create: an unknown source form is InvalidArgument and creates nothing', async () => {
    await assert.rejects(
      t.controlPlane.keyValueStores.createKeyValueStore({
        name: 'relative',
        importSource: { sourceArn: 'data.json' },
      }),
      (e: unknown) => e instanceof ControlError && e.code === 'InvalidArgument',
    )
    await assert.rejects(t.controlPlane.keyValueStores.describeKeyValueStore('relative'))
  })

  test('PROVISIONING: the data plane answers ConflictException until the import ends', async () => {
    webFiles.set('/held/slow.json', importFile(2, 2))
    const created = await t.controlPlane.keyValueStores.createKeyValueStore({
      name: 'slow-import',
      importSource: { sourceArn: `${webUrl}/held/slow.json` },
    })
    await assert.rejects(
      t.client.send(new DescribeKeyValueStoreCommand({ KvsARN: created.arn })),
      ConflictException,
    )
    await assert.rejects(
      t.client.send(new GetKeyCommand({ KvsARN: created.arn, Key: 'key-000000' })),
      ConflictException,
    )
    while (release === undefined) await new Promise((resolve) => setTimeout(resolve, 5))
    release()
    await t.controlPlane.keyValueStores.importsSettled()
    const d = await t.client.send(new DescribeKeyValueStoreCommand({ KvsARN: created.arn }))
    assert.equal(d.Status, 'READY')
    assert.equal(d.ItemCount, 2)
  })

  test('import into an existing store: replaces the content atomically, one revision', async () => {
    const kvs = t.controlPlane.keyValueStores
    const store = await kvs.createKeyValueStore({ name: 'reimport' })
    const first = await kvs.importKeyValueStore('reimport', { bytes: Buffer.from(importFile(5, 3)) })
    assert.equal(first.itemCount, 5)
    const before = await t.controlPlane.state.latestRevision()
    const path = join(files, 'two.json')
    writeFileSync(
      path,
      JSON.stringify({
        data: [
          { key: 'x', value: '1' },
          { key: 'y', value: '2' },
        ],
      }),
    )
    const second = await kvs.importKeyValueStore('reimport', { source: path, ifMatch: first.etag })
    assert.equal(second.revision, before + 1)
    assert.notEqual(second.etag, first.etag)
    assert.equal(
      await kvs.exportKeyValueStore('reimport'),
      '{"data":[{"key":"x","value":"1"},{"key":"y","value":"2"}]}',
    )
    // A bad file or a stale ETag changes nothing.
    await assert.rejects(
      kvs.importKeyValueStore('reimport', { bytes: Buffer.from('{"data":[{"key":"x"}]}') }),
      /must be a string/,
    )
    await assert.rejects(
      kvs.importKeyValueStore('reimport', { bytes: Buffer.from(importFile(1, 1)), ifMatch: first.etag }),
      /If-Match/,
    )
    assert.equal((await kvs.describeKeyValueStore('reimport')).dataEtag, second.etag)
    assert.equal(await t.controlPlane.state.latestRevision(), second.revision)
    assert.equal((await t.controlPlane.state.listKeys(store.id, {})).length, 2)
  })

  test('export: the file imports again into an identical store', async () => {
    const kvs = t.controlPlane.keyValueStores
    await kvs.createKeyValueStore({ name: 'export-src' })
    await kvs.importKeyValueStore('export-src', {
      bytes: Buffer.from(
        JSON.stringify({
          data: [
            { key: 'b', value: '"quoted"\n' },
            { key: 'a', value: 'ü' },
          ],
        }),
      ),
    })
    const exported = await kvs.exportKeyValueStore('export-src')
    await kvs.createKeyValueStore({ name: 'export-dst' })
    await kvs.importKeyValueStore('export-dst', { bytes: Buffer.from(exported) })
    assert.equal(await kvs.exportKeyValueStore('export-dst'), exported)
    assert.deepEqual(JSON.parse(exported), {
      data: [
        { key: 'a', value: 'ü' },
        { key: 'b', value: '"quoted"\n' },
      ],
    })
  })
})
