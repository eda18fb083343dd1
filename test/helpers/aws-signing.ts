import { SignatureV4a } from '@aws-sdk/signature-v4a'
import { buildQueryString, HttpRequest } from '@smithy/core/protocols'
import { Hash } from '@smithy/core/serde'
import { SignatureV4 } from '@smithy/signature-v4'
import type { Credentials } from '../../src/control/auth/credentials.js'
import type { SignedRequest } from '../../src/control/auth/verify-request.js'

/**
 * Signs requests with the real SDK signers (`@smithy/signature-v4`, `@aws-sdk/signature-v4a`)
 * and presents the result the way node's HTTP server would, for the auth tests.
 */

// What the SDK clients pass as `sha256` (runtimeConfig: `Hash.bind(null, "sha256")`).
const sha256 = Hash.bind(null, 'sha256')

export interface RequestSpec {
  method: string
  /** Host name and port as the client connects, e.g. `123456789012.localhost`, 4566. */
  hostname: string
  port?: number
  /** Already percent-encoded, as the SDK's serializers produce it. */
  path: string
  query?: Record<string, string | string[]>
  headers?: Record<string, string>
  body?: string
}

/** An `HttpRequest` as the SDK's middleware hands it to the signer: `host` and `content-length` set. */
export function makeHttpRequest(spec: RequestSpec): HttpRequest {
  const headers: Record<string, string> = {
    host: spec.port ? `${spec.hostname}:${spec.port}` : spec.hostname,
    ...spec.headers,
  }
  if (spec.body !== undefined) headers['content-length'] = String(Buffer.byteLength(spec.body))
  return new HttpRequest({
    protocol: 'http:',
    method: spec.method,
    hostname: spec.hostname,
    ...(spec.port === undefined ? {} : { port: spec.port }),
    path: spec.path,
    query: spec.query ?? {},
    headers,
    ...(spec.body === undefined ? {} : { body: spec.body }),
  })
}

/**
 * The signed request as node's server shows it: header names lowercased, `rawUrl` = path +
 * `?` + the query serialised by `buildQueryString` (what `@smithy/node-http-handler` sends).
 */
export function toSignedRequest(request: HttpRequest): SignedRequest {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value.trim()
  const query = buildQueryString(request.query ?? {})
  const body =
    request.body === undefined ? new Uint8Array() : Buffer.from(request.body as string | Uint8Array)
  return { method: request.method, rawUrl: query ? `${request.path}?${query}` : request.path, headers, body }
}

export interface SignOptions {
  credentials: Credentials
  service: string
  signingDate: Date
  /** SigV4 only; SigV4A always signs region set `*` here, like the KVS client. */
  region?: string
  /** Default true: the signer adds `x-amz-content-sha256`. */
  applyChecksum?: boolean
}

export async function signV4(spec: RequestSpec, options: SignOptions): Promise<SignedRequest> {
  const signer = new SignatureV4({
    credentials: { ...options.credentials },
    region: options.region ?? 'us-east-1',
    service: options.service,
    sha256,
    applyChecksum: options.applyChecksum ?? true,
  })
  const signed = await signer.sign(makeHttpRequest(spec), { signingDate: options.signingDate })
  return toSignedRequest(signed as HttpRequest)
}

/** A SigV4 presigned URL for the request (`SignatureV4.presign`). */
export async function presignV4(
  spec: RequestSpec,
  options: SignOptions & { expiresIn: number },
): Promise<SignedRequest> {
  const signer = new SignatureV4({
    credentials: { ...options.credentials },
    region: options.region ?? 'us-east-1',
    service: options.service,
    sha256,
  })
  const signed = await signer.presign(makeHttpRequest(spec), {
    signingDate: options.signingDate,
    expiresIn: options.expiresIn,
  })
  return toSignedRequest(signed as HttpRequest)
}

export interface SigV4aSigned {
  request: SignedRequest
  /** The private key the SDK derived and signed with (32 big-endian bytes). */
  privateKey: Uint8Array
  /** The string the SDK signed, and its signature (hex DER). */
  stringToSign: string
  signature: string
}

export async function signV4a(spec: RequestSpec, options: SignOptions): Promise<SigV4aSigned> {
  const signer = new SignatureV4a({
    credentials: { ...options.credentials },
    region: '*',
    service: options.service,
    sha256,
    applyChecksum: options.applyChecksum ?? true,
  })
  // getSignature(privateKey, stringToSign) is private in the types; wrap it to see the key.
  const internals = signer as unknown as {
    getSignature(privateKey: Uint8Array, stringToSign: string): Promise<string>
  }
  const original = internals.getSignature.bind(signer)
  let seen: Omit<SigV4aSigned, 'request'> | undefined
  internals.getSignature = async (privateKey, stringToSign) => {
    const signature = await original(privateKey, stringToSign)
    seen = { privateKey, stringToSign, signature }
    return signature
  }
  const signed = await signer.sign(makeHttpRequest(spec), { signingDate: options.signingDate })
  if (!seen) throw new Error('SignatureV4a did not call getSignature')
  return { request: toSignedRequest(signed as HttpRequest), ...seen }
}
