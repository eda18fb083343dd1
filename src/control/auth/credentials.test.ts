import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { CredentialsError } from './auth-errors.js'
import { CREDENTIALS_FILE, generateCredentials, loadCredentials } from './credentials.js'

const root = mkdtempSync(join(tmpdir(), 'verge-auth-'))
after(() => rmSync(root, { recursive: true, force: true }))
let dirs = 0
const freshDir = () => join(root, `data-${++dirs}`)

const envPair = { VERGE_ACCESS_KEY_ID: 'AKIAENVKEY', VERGE_SECRET_ACCESS_KEY: 'env/secret+value' }

test('loadCredentials: the environment wins over an existing file', () => {
  const dataDir = freshDir()
  loadCredentials({ dataDir, env: {} })
  const loaded = loadCredentials({ dataDir, env: envPair })
  assert.equal(loaded.source, 'env')
  assert.deepEqual(loaded.credentials, { accessKeyId: 'AKIAENVKEY', secretAccessKey: 'env/secret+value' })
})

test('loadCredentials: only one of the two variables is an error', () => {
  for (const env of [{ VERGE_ACCESS_KEY_ID: 'AKIAENVKEY' }, { VERGE_SECRET_ACCESS_KEY: 's' }]) {
    assert.throws(
      () => loadCredentials({ dataDir: freshDir(), env }),
      (error: unknown) => error instanceof CredentialsError && error.code === 'CredentialsEnvIncomplete',
    )
  }
})

test('loadCredentials: an access key id a signer cannot carry is refused', () => {
  assert.throws(
    () => loadCredentials({ dataDir: freshDir(), env: { ...envPair, VERGE_ACCESS_KEY_ID: 'has/slash' } }),
    (error: unknown) => error instanceof CredentialsError && error.code === 'CredentialsInvalid',
  )
})

test('loadCredentials: creates a 0600 file in a new data dir and reuses it next time', () => {
  const dataDir = join(freshDir(), 'nested')
  const created = loadCredentials({ dataDir, env: {} })
  assert.equal(created.source, 'created')
  const file = join(dataDir, CREDENTIALS_FILE)
  assert.equal(statSync(file).mode & 0o777, 0o600)
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), created.credentials)
  const again = loadCredentials({ dataDir, env: {} })
  assert.equal(again.source, 'file')
  assert.deepEqual(again.credentials, created.credentials)
})

test('loadCredentials: a corrupt file is an error, not silently replaced', () => {
  const dataDir = freshDir()
  loadCredentials({ dataDir, env: {} })
  writeFileSync(join(dataDir, CREDENTIALS_FILE), '{"accessKeyId": 1')
  assert.throws(
    () => loadCredentials({ dataDir, env: {} }),
    (error: unknown) => error instanceof CredentialsError && error.code === 'CredentialsInvalid',
  )
  assert.equal(readFileSync(join(dataDir, CREDENTIALS_FILE), 'utf8'), '{"accessKeyId": 1')
})

test('generateCredentials: AKIA + 16 base32 characters and a 40-character secret, different each time', () => {
  const a = generateCredentials()
  const b = generateCredentials()
  assert.match(a.accessKeyId, /^AKIA[A-Z2-7]{16}$/)
  assert.match(a.secretAccessKey, /^[A-Za-z0-9+/]{40}$/)
  assert.notEqual(a.accessKeyId, b.accessKeyId)
  assert.notEqual(a.secretAccessKey, b.secretAccessKey)
})
