import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { CreateKeyValueStoreCommand } from '@aws-sdk/client-cloudfront'
import { AdminApiError, AdminClient } from '../../src/cli/admin-client.js'
import { ControlError } from '../../src/control/errors.js'
import { createCloudFrontClient } from '../helpers/cloudfront-client.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'

// A file the process can read but no API caller may: its content must never come back.
const SECRET = 'root:$6$saltsalt$hashhashhash:19000:0:99999:7:::\n'

let scratch: string
let secretPath: string

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'verge-import-dir-'))
  secretPath = join(scratch, 'shadow')
  writeFileSync(secretPath, SECRET)
})

after(() => rmSync(scratch, { recursive: true, force: true }))

const refusedAsInvalid = (error: unknown) => error instanceof ControlError && error.code === 'InvalidArgument'

describe('import directory: none allowed (the default)', () => {
  let cp: TestControlPlane
  before(async () => {
    cp = await startTestControlPlane({ env: {} })
  })
  after(() => cp.stop())

  test('import dir: CreateKeyValueStore with a local path is 400 InvalidArgument and creates nothing', async () => {
    const cf = createCloudFrontClient({ url: cp.controlPlane.url, credentials: cp.controlPlane.credentials })
    const revision = cp.controlPlane.feed.latest
    try {
      for (const [index, source] of [
        secretPath,
        `file://${secretPath}`,
        join(cp.dataDir, 'edge-token'),
      ].entries()) {
        await assert.rejects(
          cf.send(
            new CreateKeyValueStoreCommand({
              Name: `local-${index}`,
              ImportSource: { SourceType: 'S3', SourceARN: source },
            }),
          ),
          (error: unknown) =>
            (error as { name?: string }).name === 'InvalidArgument' &&
            (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 400 &&
            /--import-dir/.test((error as Error).message),
        )
      }
    } finally {
      cf.destroy()
    }
    assert.equal(cp.controlPlane.feed.latest, revision)
  })

  test('import dir: an admin import from a local path is 400 InvalidArgument and imports nothing', async () => {
    await cp.controlPlane.keyValueStores.createKeyValueStore({ name: 'target' })
    const revision = cp.controlPlane.feed.latest
    const admin = new AdminClient({
      endpoint: cp.controlPlane.url,
      ...cp.controlPlane.credentials,
      source: 'test',
    })
    await assert.rejects(
      admin.send({ method: 'POST', path: 'key-value-stores/target/import', query: { source: secretPath } }),
      (error: unknown) =>
        error instanceof AdminApiError && error.status === 400 && !error.message.includes('root:'),
    )
    assert.equal(cp.controlPlane.feed.latest, revision)
  })
})

describe('import directory: one allowed', () => {
  let cp: TestControlPlane
  let allowed: string
  before(async () => {
    allowed = join(scratch, 'allowed')
    mkdirSync(allowed)
    cp = await startTestControlPlane({ importDir: allowed })
  })
  after(() => cp.stop())

  const create = (name: string, sourceArn: string) =>
    cp.controlPlane.keyValueStores.createKeyValueStore({ name, importSource: { sourceArn } })

  test('import dir: a file inside the directory imports', async () => {
    const path = join(allowed, 'ok.json')
    writeFileSync(path, JSON.stringify({ data: [{ key: 'k', value: 'v' }] }))
    await create('inside', path)
    await cp.controlPlane.keyValueStores.importsSettled()
    const store = await cp.controlPlane.keyValueStores.describeKeyValueStore('inside')
    assert.equal(store.status, 'READY')
    assert.equal(store.itemCount, 1)
  })

  test('import dir: a path outside it, or climbing out with .., is InvalidArgument and creates nothing', async () => {
    const revision = cp.controlPlane.feed.latest
    for (const [index, source] of [secretPath, join(allowed, '..', 'shadow'), '/etc/passwd'].entries())
      await assert.rejects(create(`outside-${index}`, source), refusedAsInvalid)
    assert.equal(cp.controlPlane.feed.latest, revision)
  })

  test('import dir: a symbolic link inside that points outside fails without echoing the file', async () => {
    symlinkSync(secretPath, join(allowed, 'link.json'))
    await create('link', join(allowed, 'link.json'))
    await cp.controlPlane.keyValueStores.importsSettled()
    const store = await cp.controlPlane.keyValueStores.describeKeyValueStore('link')
    assert.equal(store.status, 'IMPORT_FAILURE')
    assert.match(store.failureReason ?? '', /outside the directory/)
    assert.doesNotMatch(store.failureReason ?? '', /root|salt|hash/)
  })

  test('import dir: a file inside that is not an import file fails without echoing its content', async () => {
    writeFileSync(join(allowed, 'copy'), SECRET)
    await create('not-json', join(allowed, 'copy'))
    await cp.controlPlane.keyValueStores.importsSettled()
    const store = await cp.controlPlane.keyValueStores.describeKeyValueStore('not-json')
    assert.equal(store.status, 'IMPORT_FAILURE')
    assert.match(store.failureReason ?? '', /not valid JSON/)
    assert.doesNotMatch(store.failureReason ?? '', /root|salt|hash/)
  })
})
