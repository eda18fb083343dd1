import { createECDH, createHmac, createPublicKey, type KeyObject, verify } from 'node:crypto'

/**
 * SigV4A (`AWS4-ECDSA-P256-SHA256`) verification. The client derives a P-256 private key from
 * its secret and signs with ECDSA; the server derives the same key, takes its public half and
 * verifies. ECDSA signatures are randomised (CRT), so never recompute and compare
 * (AWS SigV4 documentation, SigV4a).
 */

export const SIGV4A_ALGORITHM = 'AWS4-ECDSA-P256-SHA256'

// n − 2 for P-256, big-endian (SigV4a key derivation).
const N_MINUS_TWO = Buffer.from('FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC63254F', 'hex')
const MAX_TRIES = 254
const CACHE_LIMIT = 16

/**
 * The SigV4A private key d for these credentials: c = HMAC-SHA256("AWS4A" + secret,
 * 00000001 ‖ "AWS4-ECDSA-P256-SHA256" ‖ 00 ‖ AKID ‖ counter ‖ 00000100), retried with the
 * next counter while c > n − 2; then d = c + 1. Returns 32 big-endian bytes.
 */
export function deriveSigV4aPrivateKey(accessKeyId: string, secretAccessKey: string): Buffer {
  for (let counter = 1; counter <= MAX_TRIES; counter++) {
    // A fresh fixed input per try, as CRT does. The JS signer appends each retry to the previous
    // input instead, which only matters with probability about 2^-32 per key.
    const fixedInput = Buffer.concat([
      Buffer.from([0, 0, 0, 1]),
      Buffer.from(SIGV4A_ALGORITHM, 'latin1'),
      Buffer.from([0]),
      Buffer.from(accessKeyId, 'utf8'),
      Buffer.from([counter]),
      Buffer.from([0, 0, 1, 0]),
    ])
    const c = createHmac('sha256', `AWS4A${secretAccessKey}`).update(fixedInput).digest()
    if (Buffer.compare(c, N_MINUS_TWO) > 0) continue
    return addOne(c)
  }
  throw new Error('Cannot derive a SigV4A key: too many tries.')
}

// c ≤ n − 2 < 2^256 − 1, so adding one never carries out of 32 bytes.
function addOne(value: Buffer): Buffer {
  const out = Buffer.from(value)
  for (let i = out.length - 1; i >= 0; i--) {
    const byte = out[i]! + 1
    out[i] = byte & 0xff
    if (byte <= 0xff) break
  }
  return out
}

/** The public key Q = d·G as a KeyObject, from the derived private scalar. */
export function sigV4aPublicKey(privateKey: Buffer): KeyObject {
  const ecdh = createECDH('prime256v1')
  ecdh.setPrivateKey(privateKey)
  const point = ecdh.getPublicKey() // 04 ‖ X ‖ Y
  return createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  })
}

// Derivation plus the EC point multiplication costs far more than a verify, and runs on every
// request, so keep the public key per (AKID, secret). Bounded: credentials rarely change.
const publicKeys = new Map<string, KeyObject>()

/** The cached public key for these credentials. */
export function publicKeyFor(accessKeyId: string, secretAccessKey: string): KeyObject {
  const cacheKey = `${accessKeyId}\n${secretAccessKey}`
  let key = publicKeys.get(cacheKey)
  if (!key) {
    key = sigV4aPublicKey(deriveSigV4aPrivateKey(accessKeyId, secretAccessKey))
    if (publicKeys.size >= CACHE_LIMIT) publicKeys.clear()
    publicKeys.set(cacheKey, key)
  }
  return key
}

/** True when `signatureHex` (a hex DER ECDSA signature) verifies over `stringToSign`. */
export function verifySigV4a(
  stringToSign: string,
  signatureHex: string,
  accessKeyId: string,
  secretAccessKey: string,
): boolean {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(signatureHex) || signatureHex.length > 2 * 80) return false
  const key = publicKeyFor(accessKeyId, secretAccessKey)
  try {
    return verify(
      'sha256',
      Buffer.from(stringToSign, 'utf8'),
      { key, dsaEncoding: 'der' },
      Buffer.from(signatureHex, 'hex'),
    )
  } catch {
    // OpenSSL rejects some malformed DER by throwing rather than returning false.
    return false
  }
}
