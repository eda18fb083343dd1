import { randomBytes } from 'node:crypto'
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { CredentialsError } from './auth-errors.js'

/** The one access key the control plane accepts (AWS SDK clients sign with these). */
export interface Credentials {
  accessKeyId: string
  secretAccessKey: string
}

export type CredentialsSource = 'env' | 'file' | 'created'

export const CREDENTIALS_FILE = 'credentials.json'

// The access key id travels in `Credential=<AKID>/...` and is split on `/`, `,` and whitespace.
const ACCESS_KEY_ID = /^[A-Za-z0-9._+-]{1,128}$/
// Printable ASCII only: the JS SigV4A signer copies the secret with charCodeAt into bytes, while
// SigV4 UTF-8 encodes it, so a non-ASCII secret would sign differently under the two.
const SECRET_ACCESS_KEY = /^[\x21-\x7e]{1,256}$/
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/**
 * Finds the control plane's credentials: `VERGE_ACCESS_KEY_ID` + `VERGE_SECRET_ACCESS_KEY`
 * from the environment win (both or neither); else `<dataDir>/credentials.json`; else new
 * random ones are created and saved there with mode 0600 (`source: 'created'`, so the caller
 * can print them once).
 */
export function loadCredentials(options: { dataDir: string; env?: NodeJS.ProcessEnv }): {
  credentials: Credentials
  source: CredentialsSource
} {
  const env = options.env ?? process.env
  const accessKeyId = env.VERGE_ACCESS_KEY_ID || undefined
  const secretAccessKey = env.VERGE_SECRET_ACCESS_KEY || undefined
  if (accessKeyId !== undefined || secretAccessKey !== undefined) {
    if (accessKeyId === undefined || secretAccessKey === undefined) {
      throw new CredentialsError(
        'CredentialsEnvIncomplete',
        'Set both VERGE_ACCESS_KEY_ID and VERGE_SECRET_ACCESS_KEY, or neither (then they come from ' +
          `${join(options.dataDir, CREDENTIALS_FILE)}).`,
      )
    }
    return {
      credentials: checkCredentials({ accessKeyId, secretAccessKey }, 'the environment'),
      source: 'env',
    }
  }

  const file = join(options.dataDir, CREDENTIALS_FILE)
  const existing = readCredentialsFile(file)
  if (existing) return { credentials: existing, source: 'file' }

  const created = generateCredentials()
  const winner = writeCredentialsFile(options.dataDir, file, created)
  return winner ? { credentials: winner, source: 'file' } : { credentials: created, source: 'created' }
}

/** New random credentials shaped like AWS's: `AKIA` + 16 base32 characters, a 40-character secret. */
export function generateCredentials(): Credentials {
  const idBytes = randomBytes(10)
  let bits = 0
  let value = 0
  let id = 'AKIA'
  for (const byte of idBytes) {
    // only the low `bits` (< 13) bits are still unread
    value = ((value << 8) | byte) & 0xfff
    bits += 8
    while (bits >= 5) {
      bits -= 5
      id += BASE32[(value >>> bits) & 31]
    }
  }
  return { accessKeyId: id, secretAccessKey: randomBytes(30).toString('base64') }
}

function checkCredentials(credentials: Credentials, where: string): Credentials {
  if (!ACCESS_KEY_ID.test(credentials.accessKeyId)) {
    throw new CredentialsError(
      'CredentialsInvalid',
      `The access key id from ${where} must be 1-128 characters of A-Z, a-z, 0-9, '.', '_', '+' or '-'.`,
    )
  }
  if (!SECRET_ACCESS_KEY.test(credentials.secretAccessKey)) {
    throw new CredentialsError(
      'CredentialsInvalid',
      `The secret access key from ${where} must be 1-256 printable ASCII characters without spaces.`,
    )
  }
  return credentials
}

function readCredentialsFile(file: string): Credentials | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new CredentialsError('CredentialsInvalid', `${file} is not valid JSON.`, { cause: error })
  }
  const record = (parsed ?? {}) as Record<string, unknown>
  if (typeof record.accessKeyId !== 'string' || typeof record.secretAccessKey !== 'string') {
    throw new CredentialsError(
      'CredentialsInvalid',
      `${file} must hold string accessKeyId and secretAccessKey.`,
    )
  }
  return checkCredentials({ accessKeyId: record.accessKeyId, secretAccessKey: record.secretAccessKey }, file)
}

/**
 * Writes the file atomically with mode 0600: a temp file, then a hard link to the final name,
 * which fails if another process created it first (its credentials are then returned). Where
 * hard links are unsupported it falls back to rename.
 */
function writeCredentialsFile(
  dataDir: string,
  file: string,
  credentials: Credentials,
): Credentials | undefined {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  const fd = openSync(temp, 'wx', 0o600)
  try {
    writeSync(fd, `${JSON.stringify(credentials, null, 2)}\n`)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  try {
    linkSync(temp, file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') {
      unlinkSync(temp)
      return readCredentialsFile(file)
    }
    renameSync(temp, file)
    return undefined
  }
  unlinkSync(temp)
  return undefined
}
