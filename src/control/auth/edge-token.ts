import { randomBytes, timingSafeEqual } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export const EDGE_TOKEN_FILE = 'edge-token'

/**
 * The token edges present on the sync API: `VERGE_EDGE_TOKEN`, else the one saved in the data
 * directory, else a new one saved there (mode 0600).
 */
export function loadEdgeToken(options: { dataDir: string; env?: NodeJS.ProcessEnv }): {
  token: string
  source: 'env' | 'file' | 'created'
} {
  const fromEnv = (options.env ?? process.env).VERGE_EDGE_TOKEN
  if (fromEnv !== undefined && fromEnv !== '') return { token: fromEnv, source: 'env' }
  const file = path.join(options.dataDir, EDGE_TOKEN_FILE)
  try {
    const saved = readFileSync(file, 'utf8').trim()
    if (saved !== '') return { token: saved, source: 'file' }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
  const token = `vet_${randomBytes(24).toString('base64url')}`
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, `${token}\n`, { mode: 0o600 })
  chmodSync(temporary, 0o600)
  renameSync(temporary, file)
  return { token, source: 'created' }
}

/** Constant-time check of `Authorization: Bearer <token>`. */
export function isEdgeTokenValid(authorization: string | undefined, token: string): boolean {
  if (authorization === undefined || !authorization.startsWith('Bearer ')) return false
  const given = Buffer.from(authorization.slice('Bearer '.length).trim())
  const expected = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
