import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { SecretError } from './secret-box.js'

export const SECRETS_KEY_FILE = 'secrets-key'

/** 32 bytes from base64 (44 characters) or hex (64). */
function decodeKey(text: string, where: string): Buffer {
  const trimmed = text.trim()
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64')
  if (key.byteLength !== 32) {
    throw new SecretError(
      'SecretsKeyInvalid',
      `${where} must be 32 bytes, as base64 or 64 hexadecimal digits (openssl rand -base64 32).`,
    )
  }
  return key
}

/**
 * The key that seals secrets at rest (`SecretBox`): `VERGE_SECRETS_KEY`, else the one saved in
 * the data directory, else a new random one saved there (mode 0600). An operator who keeps the
 * database elsewhere (PostgreSQL, backups) gives the key by environment so that it is not
 * stored beside what it protects.
 */
export function loadSecretsKey(options: { dataDir: string; env?: NodeJS.ProcessEnv }): {
  key: Buffer
  source: 'env' | 'file' | 'created'
} {
  const fromEnv = (options.env ?? process.env).VERGE_SECRETS_KEY
  if (fromEnv !== undefined && fromEnv !== '')
    return { key: decodeKey(fromEnv, 'VERGE_SECRETS_KEY'), source: 'env' }
  const file = path.join(options.dataDir, SECRETS_KEY_FILE)
  try {
    const saved = readFileSync(file, 'utf8')
    if (saved.trim() !== '') return { key: decodeKey(saved, file), source: 'file' }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
  const key = randomBytes(32)
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, `${key.toString('base64')}\n`, { mode: 0o600 })
  chmodSync(temporary, 0o600)
  renameSync(temporary, file)
  return { key, source: 'created' }
}
