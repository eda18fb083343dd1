/**
 * Reading the PEM files an operator names (`--tls-cert`, `--tls-key`, `--ca`) and saying, in
 * words, why a TLS connection was refused. Every process that serves or trusts TLS uses these,
 * so a bad file or an untrusted certificate reads the same everywhere.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { rootCertificates } from 'node:tls'
import { VergeError } from './errors.js'

export type TlsFileErrorCode = 'TlsFileUnreadable' | 'TlsFileInvalid' | 'TlsKeyMismatch'

/** A certificate, key or CA file that cannot be used. */
export class TlsFileError extends VergeError<TlsFileErrorCode> {
  constructor(code: TlsFileErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options)
    this.name = 'TlsFileError'
  }
}

/** A server's certificate (its chain after it, in PEM) and private key (PEM). */
export interface TlsKeyPair {
  cert: string
  key: string
}

function readPem(path: string, what: string): string {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new TlsFileError(
      'TlsFileUnreadable',
      `Cannot read the ${what} ${path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    )
  }
  if (!text.includes('-----BEGIN ')) throw new TlsFileError('TlsFileInvalid', `${path} is not a PEM ${what}.`)
  return text
}

/**
 * Checks that `pair` is a usable certificate and the private key that goes with it; `where`
 * names them in errors (file paths, or where they came from).
 */
export function checkKeyPair(pair: TlsKeyPair, where: { cert: string; key: string }): TlsKeyPair {
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(pair.cert)
  } catch (error) {
    throw new TlsFileError('TlsFileInvalid', `${where.cert} holds no valid X.509 certificate.`, {
      cause: error,
    })
  }
  let key: ReturnType<typeof createPrivateKey>
  try {
    key = createPrivateKey(pair.key)
  } catch (error) {
    throw new TlsFileError('TlsFileInvalid', `${where.key} holds no valid private key (unencrypted PEM).`, {
      cause: error,
    })
  }
  if (!certificate.checkPrivateKey(key))
    throw new TlsFileError(
      'TlsKeyMismatch',
      `The private key ${where.key} does not belong to the certificate ${where.cert}.`,
    )
  return pair
}

/** The certificate (with its chain) and key files a server presents, checked to match. */
export function readKeyPairFiles(certFile: string, keyFile: string): TlsKeyPair {
  const pair = { cert: readPem(certFile, 'certificate'), key: readPem(keyFile, 'private key') }
  return checkKeyPair(pair, { cert: certFile, key: keyFile })
}

/** The CA certificates (one or more, PEM) a client trusts for a private CA. */
export function readCaFile(path: string): string {
  const pem = readPem(path, 'CA certificate')
  try {
    new X509Certificate(pem)
  } catch (error) {
    throw new TlsFileError('TlsFileInvalid', `${path} holds no valid X.509 certificate.`, { cause: error })
  }
  return pem
}

/** What a TLS client trusts given a private CA: Node's bundled root certificates, plus `ca`. */
export function trustedCertificates(ca: string): string[] {
  return [...rootCertificates, ca]
}

// OpenSSL's verification failures, as Node reports them in `error.code`.
const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  // Not the one certificate trusted (a pinned control plane).
  'CERT_NOT_PINNED',
])
const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID'])

function codeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code
    if (
      typeof code === 'string' &&
      (UNTRUSTED.has(code) || EXPIRED.has(code) || code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    )
      return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

/**
 * Why a TLS client refused a server's certificate, with what to do about it; undefined when
 * `error` is no certificate failure. `server` names the server (its URL), `caFlag` the option
 * that names a private CA.
 */
export function describeCertificateFailure(
  error: unknown,
  server: string,
  caFlag: string,
): string | undefined {
  const code = codeOf(error)
  if (code === undefined) return undefined
  if (EXPIRED.has(code)) return `The TLS certificate of ${server} is expired or not yet valid (${code}).`
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `The TLS certificate of ${server} does not name that host (${code}): use a host name the certificate covers.`
  return `The TLS certificate of ${server} is not trusted (${code}): give the CA that signed it with ${caFlag}, or use a certificate from a public CA.`
}
