/**
 * The edge's default certificate when the operator names none: a self-signed one, created on
 * the first start with HTTPS and kept in the data directory, so that a restart presents the
 * same certificate (a viewer that pinned it, or was told to trust it, keeps working).
 */
import { X509Certificate } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { generate } from 'selfsigned'
import { checkKeyPair, type TlsKeyPair } from '../../shared/index.js'

/** The files under the edge's data directory. */
export const DEFAULT_CERT_FILE = 'tls/default-cert.pem'
export const DEFAULT_KEY_FILE = 'tls/default-key.pem'

const VALID_DAYS = 825
// Replaced this long before it expires, at the next start.
const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000

function stillValid(cert: string, now: number): boolean {
  try {
    return Date.parse(new X509Certificate(cert).validTo) - RENEW_BEFORE_MS > now
  } catch {
    return false
  }
}

/** A new self-signed certificate for `localhost`, the loopback addresses and this host's name. */
export async function createSelfSignedCertificate(now = new Date()): Promise<TlsKeyPair> {
  const names = [...new Set(['localhost', hostname()])]
  const pems = await generate([{ name: 'commonName', value: 'Verge edge (self-signed)' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + VALID_DAYS * 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...names.map((value) => ({ type: 2 as const, value })),
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  })
  return { cert: pems.cert, key: pems.private }
}

function writeAtomically(path: string, text: string, mode: number): void {
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, text, { mode })
  renameSync(temporary, path)
}

/**
 * The certificate an edge presents by default: none without an HTTPS port, else the operator's
 * (`tls`), else the saved self-signed one.
 */
export async function edgeDefaultCertificate(options: {
  httpsPort?: number | undefined
  tls?: TlsKeyPair | undefined
  dataDir: string
}): Promise<TlsKeyPair | undefined> {
  if (options.httpsPort === undefined) return undefined
  return options.tls ?? (await loadDefaultCertificate(options.dataDir))
}

/**
 * The saved self-signed certificate of the edge in `dataDir`, created (or renewed, when it
 * expires within 30 days or cannot be read) and saved first. The key file is readable by its
 * owner only.
 */
export async function loadDefaultCertificate(dataDir: string, now = Date.now()): Promise<TlsKeyPair> {
  const certFile = join(dataDir, DEFAULT_CERT_FILE)
  const keyFile = join(dataDir, DEFAULT_KEY_FILE)
  if (existsSync(certFile) && existsSync(keyFile)) {
    const saved = { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') }
    try {
      if (stillValid(saved.cert, now)) return checkKeyPair(saved, { cert: certFile, key: keyFile })
    } catch {
      // A damaged pair is replaced below, like an expired one.
    }
  }
  const created = await createSelfSignedCertificate(new Date(now))
  mkdirSync(join(dataDir, 'tls'), { recursive: true, mode: 0o700 })
  // The key first: a certificate on disk always has its key beside it.
  writeAtomically(keyFile, created.key, 0o600)
  writeAtomically(certFile, created.cert, 0o644)
  return created
}
