import { AuthError } from './auth-errors.js'
import type { QueryParam } from './canonical-request.js'
import { SIGV4_ALGORITHM } from './sigv4.js'
import { SIGV4A_ALGORITHM } from './sigv4a.js'

/**
 * Reads the SigV4/SigV4A parameters from an `Authorization` header or from presigned
 * `X-Amz-*` query parameters, checking their shape but nothing about their truth.
 */

export type SigningAlgorithm = typeof SIGV4_ALGORITHM | typeof SIGV4A_ALGORITHM

export interface AuthParameters {
  /** Where they came from: the `Authorization` header or a presigned URL's query. */
  location: 'header' | 'query'
  algorithm: SigningAlgorithm
  accessKeyId: string
  /** The credential scope after the access key id, e.g. `20240508/us-east-1/cloudfront/aws4_request`. */
  scope: string
  /** `YYYYMMDD` from the scope. */
  scopeDate: string
  /** SigV4 only: SigV4A scopes carry no region. */
  region: string | undefined
  service: string
  /** `SignedHeaders` as sent (`a;b;c`) and split. */
  signedHeaders: string
  signedHeaderNames: readonly string[]
  signature: string
  /** Presigned only: `X-Amz-Date` and `X-Amz-Expires` (seconds). */
  amzDate?: string
  expiresSeconds?: number
}

// AWS's limit on presigned URLs: one week.
const MAX_PRESIGNED_SECONDS = 7 * 24 * 60 * 60
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/

/**
 * A client-sent value safe to quote in an error message (which may reach an XML or JSON body
 * or a log): printable ASCII without markup characters, at most 64 characters.
 */
export function echo(value: string): string {
  const safe = value.slice(0, 64).replace(/[^\x21-\x7e]|[<>&"'\\]/g, '?')
  return value.length > 64 ? `${safe}…` : safe
}

function malformed(message: string): AuthError {
  return new AuthError('MalformedAuthorization', message)
}

function checkAlgorithm(algorithm: string): SigningAlgorithm {
  if (algorithm === SIGV4_ALGORITHM || algorithm === SIGV4A_ALGORITHM) return algorithm
  throw malformed(
    `Unsupported authorization algorithm '${echo(algorithm)}': sign with ${SIGV4_ALGORITHM} or ${SIGV4A_ALGORITHM}.`,
  )
}

function parseCredential(algorithm: SigningAlgorithm, credential: string) {
  const parts = credential.split('/')
  const v4a = algorithm === SIGV4A_ALGORITHM
  const expected = v4a ? 4 : 5
  const shape = v4a
    ? '<AKID>/<YYYYMMDD>/<service>/aws4_request'
    : '<AKID>/<YYYYMMDD>/<region>/<service>/aws4_request'
  if (
    parts.length !== expected ||
    parts.some((part) => part === '') ||
    parts[expected - 1] !== 'aws4_request'
  ) {
    throw malformed(`The Credential must look like ${shape}.`)
  }
  const [accessKeyId, scopeDate] = parts as [string, string]
  if (!/^\d{8}$/.test(scopeDate)) throw malformed(`The Credential's date must be YYYYMMDD: ${shape}.`)
  return {
    accessKeyId,
    scope: parts.slice(1).join('/'),
    scopeDate,
    region: v4a ? undefined : parts[2],
    service: (v4a ? parts[2] : parts[3]) as string,
  }
}

function parseSignedHeaders(signedHeaders: string): string[] {
  const names = signedHeaders.split(';')
  if (names.some((name) => !HEADER_NAME.test(name))) {
    throw malformed('SignedHeaders must be lowercase header names separated by semicolons.')
  }
  if (new Set(names).size !== names.length) throw malformed('SignedHeaders lists a header twice.')
  // AWS requires the host header to be signed (SigV4 "Create a canonical request": host is
  // always among the signed headers over HTTP/1.1), so a request cannot be replayed elsewhere.
  if (!names.includes('host')) throw malformed("SignedHeaders must include 'host'.")
  return names
}

function checkSignature(signature: string): string {
  if (!/^[0-9a-fA-F]+$/.test(signature)) throw malformed('The Signature must be hexadecimal.')
  return signature
}

/**
 * Parses `<alg> Credential=<AKID>/<scope>, SignedHeaders=<a;b>, Signature=<hex>`, tolerating
 * any order and any mix of commas and whitespace between the three fields.
 */
export function parseAuthorizationHeader(value: string): AuthParameters {
  const match = /^\s*(\S+)\s+([\s\S]*)$/.exec(value)
  if (!match)
    throw malformed(
      'The Authorization header must be `<algorithm> Credential=…, SignedHeaders=…, Signature=…`.',
    )
  const algorithm = checkAlgorithm(match[1]!)
  const fields = new Map<string, string>()
  for (const field of match[2]!.split(/[\s,]+/)) {
    if (field === '') continue
    const eq = field.indexOf('=')
    const name = eq === -1 ? field : field.slice(0, eq)
    if (eq === -1 || !['Credential', 'SignedHeaders', 'Signature'].includes(name)) {
      throw malformed(`Unexpected '${echo(field)}' in the Authorization header.`)
    }
    if (fields.has(name)) throw malformed(`The Authorization header has ${name} twice.`)
    fields.set(name, field.slice(eq + 1))
  }
  const credential = fields.get('Credential')
  const signedHeaders = fields.get('SignedHeaders')
  const signature = fields.get('Signature')
  if (!credential || !signedHeaders || !signature) {
    throw malformed('The Authorization header needs Credential, SignedHeaders and Signature.')
  }
  return {
    location: 'header',
    algorithm,
    ...parseCredential(algorithm, credential),
    signedHeaders,
    signedHeaderNames: parseSignedHeaders(signedHeaders),
    signature: checkSignature(signature),
  }
}

/**
 * Reads presigned-URL parameters (`X-Amz-Algorithm`, `-Credential`, `-SignedHeaders`,
 * `-Signature`, `-Date`, `-Expires`), or returns undefined when the query has no
 * `X-Amz-Algorithm`.
 */
export function parsePresignedQuery(params: readonly QueryParam[]): AuthParameters | undefined {
  const wanted = [
    'X-Amz-Algorithm',
    'X-Amz-Credential',
    'X-Amz-SignedHeaders',
    'X-Amz-Signature',
    'X-Amz-Date',
  ]
  const found = new Map<string, string>()
  for (const [key, value] of params) {
    if (!wanted.includes(key) && key !== 'X-Amz-Expires') continue
    if (found.has(key)) throw malformed(`The query has ${key} twice.`)
    found.set(key, value)
  }
  const algorithm = found.get('X-Amz-Algorithm')
  if (algorithm === undefined) return undefined
  const missing = wanted.filter((key) => !found.get(key))
  if (missing.length > 0) throw malformed(`A presigned URL needs ${missing.join(', ')}.`)
  const expires = found.get('X-Amz-Expires')
  if (
    expires === undefined ||
    !/^\d{1,7}$/.test(expires) ||
    +expires < 1 ||
    +expires > MAX_PRESIGNED_SECONDS
  ) {
    throw malformed(`X-Amz-Expires must be a number of seconds from 1 to ${MAX_PRESIGNED_SECONDS}.`)
  }
  const checked = checkAlgorithm(algorithm)
  const signedHeaders = found.get('X-Amz-SignedHeaders')!
  return {
    location: 'query',
    algorithm: checked,
    ...parseCredential(checked, found.get('X-Amz-Credential')!),
    signedHeaders,
    signedHeaderNames: parseSignedHeaders(signedHeaders),
    signature: checkSignature(found.get('X-Amz-Signature')!),
    amzDate: found.get('X-Amz-Date')!,
    expiresSeconds: Number(expires),
  }
}
