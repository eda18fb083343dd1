import { timingSafeEqual } from 'node:crypto'
import { AuthError } from './auth-errors.js'
import {
  type AuthParameters,
  echo,
  parseAuthorizationHeader,
  parsePresignedQuery,
  type SigningAlgorithm,
} from './auth-parameters.js'
import {
  buildCanonicalRequest,
  buildStringToSign,
  canonicalHeaderValue,
  canonicalQuery,
  canonicalUri,
  type HeaderValue,
  normalizeHeaders,
  parseQuery,
  sha256Hex,
  splitRawUrl,
} from './canonical-request.js'
import type { Credentials } from './credentials.js'
import { SIGV4_ALGORITHM, verifySigV4 } from './sigv4.js'
import { verifySigV4a } from './sigv4a.js'

/** A request as node's HTTP server presents it, with its body already read in full. */
export interface SignedRequest {
  method: string
  /** Path + query exactly as received on the wire (`req.url`). */
  rawUrl: string
  /** Node's `req.headers` (lowercased names); `req.headersDistinct` works too. */
  headers: Record<string, HeaderValue>
  /** The full request body, byte for byte as received. */
  body: Uint8Array
}

export interface VerifyOptions {
  /** The server's clock; defaults to `new Date()`. */
  now?: Date
  /** How far the signing time may be from `now`; default 15 minutes, like AWS. */
  maxSkewMs?: number
}

export interface VerifiedRequest {
  accessKeyId: string
  algorithm: SigningAlgorithm
  /** The service in the credential scope (`cloudfront`, `cloudfront-keyvaluestore`): the caller checks it. */
  service: string
}

export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/

/**
 * Verifies a SigV4 (`AWS4-HMAC-SHA256`, any region) or SigV4A (`AWS4-ECDSA-P256-SHA256`)
 * signature, from the `Authorization` header or a presigned query, against the control
 * plane's credentials. Throws `AuthError` on any failure.
 */
export function verifyRequest(
  req: SignedRequest,
  credentials: Credentials,
  options: VerifyOptions = {},
): VerifiedRequest {
  const { path, query } = splitRawUrl(req.rawUrl)
  const params = parseQuery(query)
  const headers = normalizeHeaders(req.headers)
  const auth = readAuthParameters(headers, params)
  if (auth.accessKeyId !== credentials.accessKeyId) {
    throw new AuthError('UnknownAccessKey', `The access key id '${echo(auth.accessKeyId)}' is not known.`)
  }
  const amzDate = signingDate(auth, headers)
  checkTime(auth, amzDate, options)

  const declaredHash = firstValue(headers, 'x-amz-content-sha256') ?? presignedHash(auth, params)
  const bodyHash = declaredHash === UNSIGNED_PAYLOAD ? undefined : sha256Hex(req.body)
  const canonicalHeaders = auth.signedHeaderNames.map((name) => {
    const values = headers.get(name)
    if (!values)
      throw new AuthError('SignatureMismatch', `The signed header '${name}' is not in the request.`)
    return `${name}:${canonicalHeaderValue(values)}`
  })
  const canonicalRequest = buildCanonicalRequest({
    method: req.method.toUpperCase(),
    canonicalUri: canonicalUri(path),
    canonicalQuery: canonicalQuery(params),
    canonicalHeaders,
    signedHeaders: auth.signedHeaders,
    payloadHash: declaredHash ?? (bodyHash as string),
  })
  const stringToSign = buildStringToSign(auth.algorithm, amzDate, auth.scope, canonicalRequest)
  const valid =
    auth.algorithm === SIGV4_ALGORITHM
      ? verifySigV4(stringToSign, auth.signature, credentials.secretAccessKey, {
          date: auth.scopeDate,
          region: auth.region ?? '',
          service: auth.service,
        })
      : verifySigV4a(stringToSign, auth.signature, credentials.accessKeyId, credentials.secretAccessKey)
  if (!valid) {
    throw new AuthError(
      'SignatureMismatch',
      'The request signature we calculated does not match the signature you provided. ' +
        'Check your secret access key and signing method.',
      { debug: { canonicalRequest, stringToSign } },
    )
  }
  // Checked after the signature, so only a correctly signed request learns about its body.
  if (declaredHash !== undefined && bodyHash !== undefined && !sameHex(declaredHash, bodyHash)) {
    throw new AuthError(
      'PayloadHashMismatch',
      'The x-amz-content-sha256 header does not match the SHA-256 of the request body.',
    )
  }
  return { accessKeyId: auth.accessKeyId, algorithm: auth.algorithm, service: auth.service }
}

function readAuthParameters(
  headers: Map<string, string[]>,
  params: ReturnType<typeof parseQuery>,
): AuthParameters {
  const header = headers.get('authorization')
  const presigned = parsePresignedQuery(params)
  if (header && presigned) {
    throw new AuthError(
      'MalformedAuthorization',
      'Sign with the Authorization header or the query, not both.',
    )
  }
  if (presigned) return presigned
  if (!header || header.join('').trim() === '') {
    throw new AuthError(
      'MissingAuthentication',
      'The request is not signed: send an AWS Signature Version 4 Authorization header.',
    )
  }
  if (header.length > 1)
    throw new AuthError('MalformedAuthorization', 'The request has two Authorization headers.')
  return parseAuthorizationHeader(header[0]!)
}

function firstValue(headers: Map<string, string[]>, name: string): string | undefined {
  const values = headers.get(name)
  return values === undefined ? undefined : values.join(',')
}

// A presigned request whose signer had an x-amz-content-sha256 header hoists it into the query.
function presignedHash(auth: AuthParameters, params: ReturnType<typeof parseQuery>): string | undefined {
  if (auth.location !== 'query') return undefined
  return params.find(([key]) => key.toLowerCase() === 'x-amz-content-sha256')?.[1]
}

/** The request time as signed (`YYYYMMDDTHHMMSSZ`): X-Amz-Date, else a `date` header. */
function signingDate(auth: AuthParameters, headers: Map<string, string[]>): string {
  if (auth.location === 'query') return checkAmzDate(auth.amzDate ?? '', 'X-Amz-Date')
  const amzDate = firstValue(headers, 'x-amz-date')
  if (amzDate !== undefined) return checkAmzDate(amzDate.trim(), 'x-amz-date')
  const date = firstValue(headers, 'date')
  if (date === undefined) {
    throw new AuthError(
      'RequestExpired',
      'The request has no x-amz-date (or date) header, so its age is unknown.',
    )
  }
  if (AMZ_DATE.test(date.trim())) return date.trim()
  const parsed = Date.parse(date)
  if (Number.isNaN(parsed))
    throw new AuthError('MalformedAuthorization', 'The date header is not a valid date.')
  return formatAmzDate(new Date(parsed))
}

function checkAmzDate(value: string, name: string): string {
  if (!AMZ_DATE.test(value)) {
    throw new AuthError(
      'MalformedAuthorization',
      `${name} must be in ISO 8601 basic format, YYYYMMDDTHHMMSSZ.`,
    )
  }
  return value
}

function parseAmzDate(value: string): number {
  const [, y, mo, d, h, mi, s] = AMZ_DATE.exec(value) as unknown as string[]
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
}

function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

function checkTime(auth: AuthParameters, amzDate: string, options: VerifyOptions): void {
  if (auth.scopeDate !== amzDate.slice(0, 8)) {
    throw new AuthError(
      'MalformedAuthorization',
      `The credential scope date ${auth.scopeDate} is not the request date ${amzDate.slice(0, 8)}.`,
    )
  }
  const now = (options.now ?? new Date()).getTime()
  const maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS
  const signedAt = parseAmzDate(amzDate)
  const nowText = formatAmzDate(new Date(now))
  if (auth.location === 'query') {
    const expiresAt = signedAt + (auth.expiresSeconds ?? 0) * 1000
    if (signedAt - maxSkewMs > now) {
      throw new AuthError(
        'RequestExpired',
        `The presigned URL is dated ${amzDate}, after the server's ${nowText}.`,
      )
    }
    if (now > expiresAt) {
      throw new AuthError(
        'RequestExpired',
        `The presigned URL expired at ${formatAmzDate(new Date(expiresAt))}.`,
      )
    }
    return
  }
  if (Math.abs(now - signedAt) > maxSkewMs) {
    throw new AuthError(
      'RequestExpired',
      `The request was signed at ${amzDate}, more than ${Math.round(maxSkewMs / 60000)} minutes from ` +
        `the server's time ${nowText}. Check the client's clock.`,
    )
  }
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a.toLowerCase())
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
