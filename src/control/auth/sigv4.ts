import { createHmac, timingSafeEqual } from 'node:crypto'

/** SigV4 (`AWS4-HMAC-SHA256`) verification: HMAC chain from the secret, constant-time compare. */

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256'

/** `HMAC("AWS4" + secret, date) → region → service → "aws4_request"`. */
export function deriveSigV4SigningKey(
  secretAccessKey: string,
  date: string,
  region: string,
  service: string,
): Buffer {
  const kDate = createHmac('sha256', `AWS4${secretAccessKey}`).update(date).digest()
  const kRegion = createHmac('sha256', kDate).update(region).digest()
  const kService = createHmac('sha256', kRegion).update(service).digest()
  return createHmac('sha256', kService).update('aws4_request').digest()
}

// The key changes once a day per region and service: keep a few instead of four HMACs a request.
const signingKeys = new Map<string, Buffer>()
const CACHE_LIMIT = 64

function cachedSigningKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${secretAccessKey}\n${date}\n${region}\n${service}`
  let key = signingKeys.get(cacheKey)
  if (!key) {
    key = deriveSigV4SigningKey(secretAccessKey, date, region, service)
    if (signingKeys.size >= CACHE_LIMIT) signingKeys.clear()
    signingKeys.set(cacheKey, key)
  }
  return key
}

/**
 * True when `signatureHex` is the HMAC-SHA256 of `stringToSign` under the derived key. Compares
 * in constant time; a signature of the wrong length or not hex simply fails.
 */
export function verifySigV4(
  stringToSign: string,
  signatureHex: string,
  secretAccessKey: string,
  scope: { date: string; region: string; service: string },
): boolean {
  const key = cachedSigningKey(secretAccessKey, scope.date, scope.region, scope.service)
  const expected = createHmac('sha256', key).update(stringToSign).digest()
  if (!/^[0-9a-fA-F]{64}$/.test(signatureHex)) return false
  return timingSafeEqual(expected, Buffer.from(signatureHex, 'hex'))
}
