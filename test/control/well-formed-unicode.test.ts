import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import {
  PutKeyCommand,
  UpdateKeysCommand,
  ValidationException,
} from '@aws-sdk/client-cloudfront-keyvaluestore'
import { AdminApiError, AdminClient } from '../../src/cli/admin-client.js'
import { ConsoleClient } from '../console/console-client.js'
import { startTestControlPlane, TEST_CREDENTIALS, type TestControlPlane } from '../helpers/control-plane.js'
import { S3RVER_CREDENTIALS, startTestS3, type TestS3 } from '../helpers/s3rver.js'

// Keys and values are stored and replicated as UTF-8, where a lone surrogate has no form:
// "s\ud800" and "s\udfff" would both be stored as "s\ufffd". Every writer refuses them.
const LONE_HIGH = 's\ud800'
const LONE_LOW = 's\udfff'
// JSON.stringify writes a lone surrogate as a \u escape, so these files are valid JSON.
const LONE_FILE = JSON.stringify({
  data: [
    { key: LONE_HIGH, value: '1' },
    { key: LONE_LOW, value: '2' },
  ],
})

let cp: TestControlPlane
let s3: TestS3
let files: string
let web: Server
let webUrl: string
let arn: string
let dataEtag: string

before(async () => {
  s3 = await startTestS3()
  files = mkdtempSync(join(tmpdir(), 'verge-unicode-files-'))
  cp = await startTestControlPlane({
    s3: { endpoint: s3.endpoint, region: 'us-east-1', ...S3RVER_CREDENTIALS },
    importDir: files,
  })
  web = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(LONE_FILE)
  })
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve))
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`
  const store = await cp.controlPlane.keyValueStores.createKeyValueStore({ name: 'unicode' })
  const put = await cp.controlPlane.keys.putKey(store.arn, {
    key: 'kept',
    value: 'v',
    ifMatch: store.dataEtag,
  })
  arn = store.arn
  dataEtag = put.etag
})

after(async () => {
  await cp.stop()
  await s3.stop()
  await new Promise((resolve) => web.close(resolve))
  rmSync(files, { recursive: true, force: true })
})

/** Runs `write`, then checks that the store and the change log are as they were. */
async function unchanged(write: () => Promise<unknown>): Promise<void> {
  const revision = cp.controlPlane.feed.latest
  await write()
  await cp.controlPlane.keyValueStores.importsSettled()
  const store = await cp.controlPlane.keyValueStores.describeKeyValueStore('unicode')
  assert.equal(store.dataEtag, dataEtag)
  assert.deepEqual(await cp.controlPlane.state.listKeys(store.id, {}), [{ key: 'kept', value: 'v' }])
  // An import that fails leaves a new store in IMPORT_FAILURE; nothing else may change.
  for (const change of await cp.controlPlane.state.listChanges({ afterRevision: revision }))
    assert.notEqual(change.entityId, store.id)
}

test('unicode: UpdateKeys with "s\\ud800" and "s\\udfff" is a ValidationException, nothing written', async () => {
  await unchanged(() =>
    assert.rejects(
      cp.client.send(
        new UpdateKeysCommand({
          KvsARN: arn,
          IfMatch: dataEtag,
          Puts: [
            { Key: LONE_HIGH, Value: '1' },
            { Key: LONE_LOW, Value: '2' },
          ],
        }),
      ),
      (error: unknown) => error instanceof ValidationException && /well-formed/.test(error.message),
    ),
  )
  await unchanged(() =>
    assert.rejects(
      cp.client.send(
        new UpdateKeysCommand({ KvsARN: arn, IfMatch: dataEtag, Deletes: [{ Key: LONE_HIGH }] }),
      ),
      ValidationException,
    ),
  )
})

test('unicode: PutKey of a value with a lone surrogate is a ValidationException, nothing written', async () => {
  await unchanged(() =>
    assert.rejects(
      cp.client.send(new PutKeyCommand({ KvsARN: arn, Key: 'k', Value: 'v\udc00', IfMatch: dataEtag })),
      ValidationException,
    ),
  )
})

test('unicode: the console key routes refuse a lone surrogate with 400 InvalidArgument', async () => {
  const console = new ConsoleClient(cp.controlPlane.url)
  assert.equal(
    (await console.login(TEST_CREDENTIALS.accessKeyId, TEST_CREDENTIALS.secretAccessKey)).status,
    200,
  )
  for (const [method, path, json] of [
    ['POST', '/console/api/key-value-stores/unicode/keys', { key: LONE_HIGH, value: 'v' }],
    ['PUT', '/console/api/key-value-stores/unicode/keys/kept', { value: LONE_LOW }],
  ] as const) {
    await unchanged(async () => {
      const reply = await console.request(method, path, { json })
      assert.equal(reply.status, 400, reply.text)
      assert.equal((reply.body as { code: string }).code, 'InvalidArgument')
    })
  }
  await unchanged(async () => {
    const reply = await console.request('POST', '/console/api/key-value-stores/unicode/import', {
      body: LONE_FILE,
      headers: { 'content-type': 'application/json' },
    })
    assert.equal(reply.status, 400, reply.text)
  })
})

test('unicode: an admin API import of such a file is 400 InvalidArgument, nothing imported', async () => {
  const admin = new AdminClient({
    endpoint: cp.controlPlane.url,
    ...cp.controlPlane.credentials,
    source: 'test',
  })
  await unchanged(() =>
    assert.rejects(
      admin.send({ method: 'POST', path: 'key-value-stores/unicode/import', body: Buffer.from(LONE_FILE) }),
      (error: unknown) =>
        error instanceof AdminApiError && error.status === 400 && /well-formed/.test(error.message),
    ),
  )
})

test('unicode: imports from a file, a URL and S3 fail with IMPORT_FAILURE and store no key', async () => {
  writeFileSync(join(files, 'lone.json'), LONE_FILE)
  await s3.put('lone.json', LONE_FILE)
  const sources = [join(files, 'lone.json'), `${webUrl}/lone.json`, `s3://${s3.bucket}/lone.json`]
  for (const [index, sourceArn] of sources.entries()) {
    await unchanged(async () => {
      const created = await cp.controlPlane.keyValueStores.createKeyValueStore({
        name: `unicode-import-${index}`,
        importSource: { sourceArn },
      })
      await cp.controlPlane.keyValueStores.importsSettled()
      const store = await cp.controlPlane.keyValueStores.describeKeyValueStore(created.name)
      assert.equal(store.status, 'IMPORT_FAILURE', sourceArn)
      assert.match(store.failureReason ?? '', /data\[0\]\.key must be well-formed Unicode/)
      assert.deepEqual(await cp.controlPlane.state.listKeys(created.id, {}), [])
    })
  }
})
