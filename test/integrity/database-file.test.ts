import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { createSqliteStateStore } from '../../src/control/state/sqlite-state-store.js'
import { StateStoreError } from '../../src/control/state/state-errors.js'
import { TEST_CREDENTIALS } from '../helpers/control-plane.js'
import { VERGE_MAIN } from '../helpers/control-process.js'

let root: string
before(() => {
  root = mkdtempSync(join(tmpdir(), 'verge-dbfile-'))
})
after(() => rmSync(root, { recursive: true, force: true }))

let counter = 0
/** A data directory with a real database holding a store of 2,000 keys, closed cleanly. */
async function populated(): Promise<string> {
  const dataDir = join(root, `db-${counter++}`)
  const state = createSqliteStateStore({ dataDir })
  await state.transaction(async (tx) => {
    const at = new Date()
    await tx.insertKeyValueStore({
      id: 'store-1',
      name: 'store-1',
      comment: '',
      status: 'READY',
      created: at,
      lastModified: at,
      etag: 'E1',
      dataEtag: 'KV1',
      itemCount: 2000,
      totalSizeInBytes: 0,
    })
    for (let i = 0; i < 2000; i++) await tx.putKey('store-1', `key-${i}`, 'v'.repeat(200))
    await tx.appendChange({
      kind: 'kvs.updated',
      payload: { storeId: 'store-1', comment: '', status: 'READY' },
    })
  })
  await state.close()
  return dataDir
}

function refusal(dataDir: string): StateStoreError {
  try {
    createSqliteStateStore({ dataDir }).close()
  } catch (error) {
    assert.ok(error instanceof StateStoreError, `a StateStoreError, not ${String(error)}`)
    return error
  }
  assert.fail('the state store opened')
}

/** Runs `verge control` on `dataDir`; resolves with its exit code and stderr. */
async function runControl(dataDir: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [VERGE_MAIN, 'control'], {
    env: {
      ...process.env,
      VERGE_DATA_DIR: dataDir,
      VERGE_CONTROL_PORT: '0',
      VERGE_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      VERGE_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  child.stdout.resume()
  // A control plane that started would print its URL and keep running: stop it then.
  child.stdout.on('data', () => child.kill('SIGKILL'))
  const [code] = (await once(child, 'exit')) as [number | null]
  return { code, stderr }
}

test('state file: a missing database is a fresh install, with a new identity each time', async () => {
  const a = createSqliteStateStore({ dataDir: join(root, 'fresh-a') })
  const b = createSqliteStateStore({ dataDir: join(root, 'fresh-b') })
  try {
    assert.match(a.databaseId, /^[0-9a-f]{32}$/)
    assert.notEqual(a.databaseId, b.databaseId)
    assert.equal(await a.latestRevision(), 0)
  } finally {
    await a.close()
    await b.close()
  }
})

test('state file: a zero-length verge.db is refused, not started as a fresh install', async () => {
  const dataDir = await populated()
  truncateSync(join(dataDir, 'verge.db'), 0)
  const error = refusal(dataDir)
  assert.equal(error.code, 'DatabaseEmpty')
  assert.match(error.message, /verge\.db is empty/)
  assert.equal(statSync(join(dataDir, 'verge.db')).size, 0, 'the file is left as it was')
})

test('state file: a file that is not an SQLite database is refused', async () => {
  const dataDir = join(root, 'foreign')
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(join(dataDir, 'verge.db'), '{"this": "is not a database"}\n'.repeat(10))
  assert.equal(refusal(dataDir).code, 'NotADatabase')
})

test('state file: a database with pages overwritten by garbage is refused as corrupt', async () => {
  const dataDir = await populated()
  const file = join(dataDir, 'verge.db')
  const size = statSync(file).size
  assert.ok(size > 64 * 4096, `a database of many pages (${size} bytes)`)
  // Keep page 1 (the header and schema) so that SQLite opens it; ruin pages in the middle.
  const fd = openSync(file, 'r+')
  const garbage = Buffer.alloc(4096 * 8)
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 251
  writeSync(fd, garbage, 0, garbage.length, 4096 * 20)
  closeSync(fd)
  const error = refusal(dataDir)
  assert.equal(error.code, 'DatabaseCorrupt')
  assert.match(error.message, /is corrupt/)
})

test('verge control: refuses to start on a zero-length or foreign database, exit code 1', async () => {
  const empty = await populated()
  truncateSync(join(empty, 'verge.db'), 0)
  const first = await runControl(empty)
  assert.equal(first.code, 1)
  assert.match(first.stderr, /DatabaseEmpty: The state database .*verge\.db is empty/)

  const foreign = join(root, 'foreign-cli')
  mkdirSync(foreign, { recursive: true })
  writeFileSync(join(foreign, 'verge.db'), 'x'.repeat(8192))
  const second = await runControl(foreign)
  assert.equal(second.code, 1)
  assert.match(second.stderr, /NotADatabase/)
})
