/**
 * A light request signer for the benchmarks: SigV4A (`AWS4-ECDSA-P256-SHA256`, what the KVS SDK
 * client sends) or SigV4 (`AWS4-HMAC-SHA256`), built from the control plane's own canonical
 * request code (`src/control/auth/`), with node:crypto doing the ECDSA or HMAC. No SDK
 * middleware: a signature costs tens of microseconds instead of milliseconds, so one process can
 * drive thousands of requests a second.
 */
import { createHmac, createPrivateKey, type KeyObject, sign } from 'node:crypto'
import {
  buildCanonicalRequest,
  buildStringToSign,
  canonicalUri,
  sha256Hex,
} from '../src/control/auth/canonical-request.js'
import type { Credentials } from '../src/control/auth/credentials.js'
import { deriveSigV4SigningKey, SIGV4_ALGORITHM } from '../src/control/auth/sigv4.js'
import { deriveSigV4aPrivateKey, SIGV4A_ALGORITHM, sigV4aPublicKey } from '../src/control/auth/sigv4a.js'

export type SigningAlgorithm = 'sigv4a' | 'sigv4'

export interface LightSignerOptions {
  credentials: Credentials
  service: string
  algorithm: SigningAlgorithm
  /** SigV4 only; default us-east-1. */
  region?: string
}

export interface RequestToSign {
  method: string
  /** The `host` header as sent (`127.0.0.1:port`). */
  host: string
  /** Already percent-encoded; no query. */
  path: string
  body: string
  /** Extra headers, sent unsigned (`if-match`, `content-type`). */
  headers?: Record<string, string>
}

/** Signs requests; returns every header to send, `authorization` included. */
export type LightSigner = (request: RequestToSign) => Record<string, string>

function sigV4aPrivateKey(credentials: Credentials): KeyObject {
  const d = deriveSigV4aPrivateKey(credentials.accessKeyId, credentials.secretAccessKey)
  // The public half as the control plane computes it, plus the scalar: the private JWK.
  const publicJwk = sigV4aPublicKey(d).export({ format: 'jwk' })
  return createPrivateKey({ key: { ...publicJwk, d: d.toString('base64url') }, format: 'jwk' })
}

function amzDateOf(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/** A signer for one set of credentials and one service. */
export function createLightSigner(options: LightSignerOptions): LightSigner {
  const { credentials, service } = options
  const v4a = options.algorithm === 'sigv4a'
  const region = options.region ?? 'us-east-1'
  const privateKey = v4a ? sigV4aPrivateKey(credentials) : undefined
  let keyDate = ''
  let hmacKey: Buffer | undefined
  return (request) => {
    const amzDate = amzDateOf(new Date())
    const date = amzDate.slice(0, 8)
    const payloadHash = sha256Hex(request.body)
    // Signed headers in SignedHeaders order (sorted by name).
    const signed: [string, string][] = [
      ['host', request.host],
      ['x-amz-content-sha256', payloadHash],
      ['x-amz-date', amzDate],
    ]
    if (v4a) signed.push(['x-amz-region-set', '*'])
    const signedHeaders = signed.map(([name]) => name).join(';')
    const canonicalRequest = buildCanonicalRequest({
      method: request.method,
      canonicalUri: canonicalUri(request.path),
      canonicalQuery: '',
      canonicalHeaders: signed.map(([name, value]) => `${name}:${value}`),
      signedHeaders,
      payloadHash,
    })
    const algorithm = v4a ? SIGV4A_ALGORITHM : SIGV4_ALGORITHM
    const scope = v4a ? `${date}/${service}/aws4_request` : `${date}/${region}/${service}/aws4_request`
    const stringToSign = buildStringToSign(algorithm, amzDate, scope, canonicalRequest)
    let signature: string
    if (privateKey !== undefined) {
      signature = sign('sha256', Buffer.from(stringToSign, 'utf8'), {
        key: privateKey,
        dsaEncoding: 'der',
      }).toString('hex')
    } else {
      if (keyDate !== date || hmacKey === undefined) {
        hmacKey = deriveSigV4SigningKey(credentials.secretAccessKey, date, region, service)
        keyDate = date
      }
      signature = createHmac('sha256', hmacKey).update(stringToSign).digest('hex')
    }
    const headers: Record<string, string> = { ...request.headers }
    for (const [name, value] of signed) if (name !== 'host') headers[name] = value
    headers.authorization = `${algorithm} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`
    return headers
  }
}
