import { describeValue } from './errors.js'
import type { CfResponseBody } from './types.js'

// RFC 4648 base64, standard alphabet, no whitespace; padding optional but, when present, only
// as the last one or two characters of a length that is a multiple of 4.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** True for strict base64 (see above). */
export function isValidBase64(data: string): boolean {
  if (!BASE64.test(data)) return false
  const padded = data.endsWith('=')
  return padded ? data.length % 4 === 0 : data.length % 4 !== 1
}

/**
 * Why a response `body` cannot be used, or null. Accepted: a string (text), or
 * `{encoding: "text" | "base64", data: string}`; a missing `encoding` means text (docs/compatibility.md).
 */
export function bodyProblem(body: unknown): string | null {
  if (body === undefined || typeof body === 'string') return null
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return `response.body must be a string or an object {encoding, data}; got ${describeValue(body)}`
  }
  const { encoding, data } = body as { encoding?: unknown; data?: unknown }
  if (typeof data !== 'string') return `response.body.data must be a string; got ${describeValue(data)}`
  if (encoding === undefined || encoding === 'text') return null
  if (encoding !== 'base64') {
    return `response.body.encoding must be "text" or "base64"; got ${describeValue(encoding)}`
  }
  return isValidBase64(data)
    ? null
    : 'response.body.data is not valid base64 (response.body.encoding is "base64")'
}

/** The bytes of a body that `bodyProblem` accepted: UTF-8 text, or decoded base64. */
export function decodeBody(body: string | CfResponseBody): Uint8Array {
  if (typeof body === 'string') return Buffer.from(body, 'utf8')
  return Buffer.from(body.data, body.encoding === 'base64' ? 'base64' : 'utf8')
}
