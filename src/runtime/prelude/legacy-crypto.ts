// Guest code: injected into the isolate with Function.prototype.toString(); self-contained.

/**
 * cloudfront-js-1.0's `crypto`: as 2.0's, except that `digest()` with no encoding returns a
 * byte string (one character per byte), since 1.0 has no Buffer.
 */
export function legacyCrypto(crypto: any): object {
  const byteString = (bytes: Uint8Array): string => {
    let text = ''
    for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i] as number)
    return text
  }
  const wrap = (hash: any) => {
    const digest = hash.digest
    Object.defineProperty(hash, 'digest', {
      value: (encoding?: string) =>
        encoding === undefined ? byteString(digest.call(hash)) : digest.call(hash, encoding),
      configurable: true,
      writable: true,
    })
    return hash
  }
  return {
    createHash: (algorithm: string) => wrap(crypto.createHash(algorithm)),
    createHmac: (algorithm: string, key: unknown) => wrap(crypto.createHmac(algorithm, key)),
  }
}
