import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { SecretBox, SecretError } from './secret-box.js'
import { loadSecretsKey, SECRETS_KEY_FILE } from './secrets-key.js'

test('SecretBox: seals with a fresh IV each time and opens what it sealed', () => {
  const box = new SecretBox(Buffer.alloc(32, 7))
  const a = box.seal('-----BEGIN PRIVATE KEY-----')
  const b = box.seal('-----BEGIN PRIVATE KEY-----')
  assert.notEqual(a, b)
  assert.ok(!a.includes('PRIVATE'))
  assert.equal(box.open(a), '-----BEGIN PRIVATE KEY-----')
})

test('SecretBox: refuses a tampered value and another key', () => {
  const box = new SecretBox(Buffer.alloc(32, 7))
  const sealed = box.seal('secret')
  const bytes = Buffer.from(sealed.slice(3), 'base64')
  bytes[bytes.length - 1]! ^= 1
  assert.throws(() => box.open(`v1.${bytes.toString('base64')}`), SecretError)
  assert.throws(() => new SecretBox(Buffer.alloc(32, 8)).open(sealed), /cannot be opened/)
  assert.throws(() => box.open('plain text'), SecretError)
  assert.throws(() => new SecretBox(Buffer.alloc(16)), /32 bytes/)
})

test('loadSecretsKey: VERGE_SECRETS_KEY first, else a key created once in the data dir (0600)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'verge-secrets-'))
  try {
    const created = loadSecretsKey({ dataDir, env: {} })
    assert.equal(created.source, 'created')
    assert.equal(statSync(join(dataDir, SECRETS_KEY_FILE)).mode & 0o777, 0o600)
    const again = loadSecretsKey({ dataDir, env: {} })
    assert.equal(again.source, 'file')
    assert.deepEqual(again.key, created.key)
    const fromEnv = loadSecretsKey({
      dataDir,
      env: { VERGE_SECRETS_KEY: Buffer.alloc(32, 1).toString('base64') },
    })
    assert.equal(fromEnv.source, 'env')
    assert.deepEqual(fromEnv.key, Buffer.alloc(32, 1))
    assert.throws(() => loadSecretsKey({ dataDir, env: { VERGE_SECRETS_KEY: 'short' } }), /32 bytes/)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})
