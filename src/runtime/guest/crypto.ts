// Guest code: injected into the isolate with Function.prototype.toString(); self-contained.
// The three hash functions live inside createCrypto (not in files of their own) because the
// bootstrap injects `(${createCrypto})(Buffer, enc)`: a factory can reach nothing outside its body.
import type { GuestEncoding } from './encoding.js'

/** A `crypto.createHmac()` object, as Node's. */
export interface GuestHmac {
  /** Strings are utf8 unless `inputEncoding` is hex, base64, base64url or latin1. Chainable. */
  update(data: unknown, inputEncoding?: string): this
  /** 'hex' | 'base64' | 'base64url' | 'latin1' → string; none (or 'buffer') → a Buffer. */
  digest(encoding?: string): any
}

/** A `crypto.createHash()` object: an Hmac's API plus `copy()`. */
export interface GuestHash extends GuestHmac {
  copy(): GuestHash
}

/**
 * The `crypto` module: `createHash` and `createHmac` for md5, sha1 and sha256, in pure
 * JavaScript (32-bit integer arithmetic, preallocated state) since the isolate has no
 * node:crypto. `Buffer` is the guest Buffer that binary digests are returned as.
 */
export function createCrypto(
  Buffer: any,
  enc: GuestEncoding,
): {
  createHash(algorithm: string): GuestHash
  createHmac(algorithm: string, key: unknown, options?: { encoding?: string }): GuestHmac
} {
  type Algorithm = 'md5' | 'sha1' | 'sha256'
  const w = new Int32Array(80) // message schedule, shared: hashing is synchronous

  const MD5_K = new Int32Array([
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
  ])
  const MD5_S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]
  const SHA256_K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ])
  const INIT: Record<Algorithm, number[]> = {
    md5: [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476],
    sha1: [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0],
    sha256: [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19],
  }

  const md5 = (h: Int32Array, b: Uint8Array, o: number) => {
    for (let i = 0; i < 16; i++, o += 4)
      w[i] = b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)
    let a = h[0]!
    let x = h[1]!
    let c = h[2]!
    let d = h[3]!
    for (let i = 0; i < 64; i++) {
      let f: number
      let g: number
      if (i < 16) {
        f = (x & c) | (~x & d)
        g = i
      } else if (i < 32) {
        f = (d & x) | (~d & c)
        g = (5 * i + 1) & 15
      } else if (i < 48) {
        f = x ^ c ^ d
        g = (3 * i + 5) & 15
      } else {
        f = c ^ (x | ~d)
        g = (7 * i) & 15
      }
      const s = MD5_S[((i >> 4) << 2) | (i & 3)]!
      const t = (a + f + MD5_K[i]! + w[g]!) | 0
      a = d
      d = c
      c = x
      x = (x + ((t << s) | (t >>> (32 - s)))) | 0
    }
    h[0] = (h[0]! + a) | 0
    h[1] = (h[1]! + x) | 0
    h[2] = (h[2]! + c) | 0
    h[3] = (h[3]! + d) | 0
  }

  const sha1 = (h: Int32Array, b: Uint8Array, o: number) => {
    for (let i = 0; i < 16; i++, o += 4)
      w[i] = (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!
    for (let i = 16; i < 80; i++) {
      const v = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!
      w[i] = (v << 1) | (v >>> 31)
    }
    let a = h[0]!
    let x = h[1]!
    let c = h[2]!
    let d = h[3]!
    let e = h[4]!
    for (let i = 0; i < 80; i++) {
      let f: number
      if (i < 20) f = ((x & c) | (~x & d)) + 0x5a827999
      else if (i < 40) f = (x ^ c ^ d) + 0x6ed9eba1
      else if (i < 60) f = ((x & c) | (x & d) | (c & d)) + 0x8f1bbcdc
      else f = (x ^ c ^ d) + 0xca62c1d6
      const t = (((a << 5) | (a >>> 27)) + f + e + w[i]!) | 0
      e = d
      d = c
      c = (x << 30) | (x >>> 2)
      x = a
      a = t
    }
    h[0] = (h[0]! + a) | 0
    h[1] = (h[1]! + x) | 0
    h[2] = (h[2]! + c) | 0
    h[3] = (h[3]! + d) | 0
    h[4] = (h[4]! + e) | 0
  }

  const sha256 = (h: Int32Array, b: Uint8Array, o: number) => {
    for (let i = 0; i < 16; i++, o += 4)
      w[i] = (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!
    for (let i = 16; i < 64; i++) {
      const v15 = w[i - 15]!
      const v2 = w[i - 2]!
      const s0 = ((v15 >>> 7) | (v15 << 25)) ^ ((v15 >>> 18) | (v15 << 14)) ^ (v15 >>> 3)
      const s1 = ((v2 >>> 17) | (v2 << 15)) ^ ((v2 >>> 19) | (v2 << 13)) ^ (v2 >>> 10)
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0
    }
    let a = h[0]!
    let x = h[1]!
    let c = h[2]!
    let d = h[3]!
    let e = h[4]!
    let f = h[5]!
    let g = h[6]!
    let k = h[7]!
    for (let i = 0; i < 64; i++) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
      const t1 = (k + s1 + ((e & f) ^ (~e & g)) + SHA256_K[i]! + w[i]!) | 0
      const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
      const t2 = (s0 + ((a & x) ^ (a & c) ^ (x & c))) | 0
      k = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = x
      x = a
      a = (t1 + t2) | 0
    }
    const v = [a, x, c, d, e, f, g, k]
    for (let i = 0; i < 8; i++) h[i] = (h[i]! + v[i]!) | 0
  }

  const COMPRESS: Record<Algorithm, (h: Int32Array, b: Uint8Array, o: number) => void> = { md5, sha1, sha256 }

  /** Merkle–Damgård streaming over 64-byte blocks, shared by the three functions. */
  class Digester {
    readonly algorithm: Algorithm
    readonly state: Int32Array
    readonly block = new Uint8Array(64)
    used = 0
    total = 0

    constructor(algorithm: Algorithm, from?: Digester) {
      this.algorithm = algorithm
      this.state = Int32Array.from(from ? from.state : INIT[algorithm])
      if (from) {
        this.block.set(from.block)
        this.used = from.used
        this.total = from.total
      }
    }
    update(bytes: Uint8Array): void {
      const compress = COMPRESS[this.algorithm]
      const n = bytes.length
      let i = 0
      this.total += n
      if (this.used > 0) {
        i = Math.min(64 - this.used, n)
        this.block.set(bytes.subarray(0, i), this.used)
        this.used += i
        if (this.used < 64) return
        compress(this.state, this.block, 0)
        this.used = 0
      }
      for (; i + 64 <= n; i += 64) compress(this.state, bytes, i)
      if (i < n) {
        this.block.set(bytes.subarray(i), 0)
        this.used = n - i
      }
    }
    finish(): Uint8Array {
      const compress = COMPRESS[this.algorithm]
      const le = this.algorithm === 'md5'
      const block = this.block
      block[this.used++] = 0x80
      if (this.used > 56) {
        block.fill(0, this.used)
        compress(this.state, block, 0)
        this.used = 0
      }
      block.fill(0, this.used, 56)
      const bits = [
        this.total * 8 - Math.floor(this.total / 0x20000000) * 2 ** 32,
        Math.floor(this.total / 0x20000000),
      ]
      for (let i = 0; i < 8; i++) {
        const word = bits[i >> 2]! // low word then high word
        block[le ? 56 + i : 63 - i] = (word >>> ((i & 3) * 8)) & 0xff
      }
      compress(this.state, block, 0)
      const out = new Uint8Array(this.state.length * 4)
      for (let i = 0; i < out.length; i++) {
        const word = this.state[i >> 2]!
        out[i] = (le ? word >>> ((i & 3) * 8) : word >>> ((3 - (i & 3)) * 8)) & 0xff
      }
      return out
    }
  }

  const fail = (Ctor: ErrorConstructor, code: string | undefined, message: string): Error => {
    const error = new Ctor(message)
    if (code !== undefined) (error as any).code = code
    return error
  }
  const received = (v: any): string => {
    if (v === null || v === undefined) return ` Received ${v}`
    if (typeof v === 'object' || typeof v === 'function') {
      return v.constructor?.name ? ` Received an instance of ${v.constructor.name}` : ' Received [object]'
    }
    return ` Received type ${typeof v} (${typeof v === 'string' ? `'${v}'` : String(v)})`
  }
  const finalized = () => fail(Error, 'ERR_CRYPTO_HASH_FINALIZED', 'Digest already called')
  const algorithmOf = (name: unknown): Algorithm | undefined => {
    if (typeof name !== 'string') {
      throw fail(
        TypeError,
        'ERR_INVALID_ARG_TYPE',
        `The "algorithm" argument must be of type string.${received(name)}`,
      )
    }
    // OpenSSL's names and aliases for the three digests, as Node accepts them.
    const lower = name.toLowerCase()
    if (lower === 'md5' || lower === 'rsa-md5') return 'md5'
    if (lower === 'sha1' || lower === 'sha-1' || lower === 'rsa-sha1') return 'sha1'
    if (lower === 'sha256' || lower === 'sha-256' || lower === 'sha2-256' || lower === 'rsa-sha256')
      return 'sha256'
    return undefined
  }
  const bytesOf = (data: unknown, encoding: unknown, what: string, expected: string): Uint8Array => {
    if (typeof data === 'string') {
      const e = typeof encoding === 'string' ? encoding.toLowerCase() : 'utf8'
      if (e === 'hex') {
        if (data.length % 2 !== 0) {
          throw fail(
            TypeError,
            'ERR_INVALID_ARG_VALUE',
            `The argument 'encoding' is invalid for data of length ${data.length}. Received '${encoding}'`,
          )
        }
        return enc.hexDecode(data)
      }
      if (e === 'base64' || e === 'base64url') return enc.base64Decode(data)
      if (e === 'latin1' || e === 'binary') return enc.latin1Encode(data)
      return enc.utf8Encode(data) // like Node, an unknown encoding reads as utf8
    }
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    if (what === 'key' && data instanceof ArrayBuffer) return new Uint8Array(data)
    throw fail(
      TypeError,
      'ERR_INVALID_ARG_TYPE',
      `The "${what}" argument must be ${expected}.${received(data)}`,
    )
  }
  const DATA_TYPES = 'of type string or an instance of Buffer, TypedArray, or DataView'
  const output = (bytes: Uint8Array, encoding: unknown): any => {
    const e = encoding ? `${encoding}`.toLowerCase() : 'buffer'
    if (e === 'hex') return enc.hexEncode(bytes)
    if (e === 'base64' || e === 'base64url') return enc.base64Encode(bytes, e === 'base64url')
    if (e === 'latin1' || e === 'binary') return enc.latin1Decode(bytes)
    if (e === 'utf8' || e === 'utf-8') return enc.utf8Decode(bytes, { ignoreBOM: true })
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) // 'buffer' or, as Node, unknown
  }

  class Hash {
    #digester: Digester
    #done = false
    constructor(digester: Digester) {
      this.#digester = digester
    }
    update(data: unknown, inputEncoding?: string): this {
      if (this.#done) throw finalized()
      this.#digester.update(bytesOf(data, inputEncoding, 'data', DATA_TYPES))
      return this
    }
    digest(encoding?: string): any {
      if (this.#done) throw finalized()
      this.#done = true
      return output(this.#digester.finish(), encoding)
    }
    copy(): Hash {
      if (this.#done) throw finalized()
      return new Hash(new Digester(this.#digester.algorithm, this.#digester))
    }
  }

  // RFC 2104: H((K ^ opad) || H((K ^ ipad) || message)), K hashed first when over 64 bytes.
  class Hmac {
    #inner: Digester
    #outer: Digester
    #done = false
    constructor(algorithm: Algorithm, key: Uint8Array) {
      if (key.length > 64) {
        const keyHash = new Digester(algorithm)
        keyHash.update(key)
        key = keyHash.finish()
      }
      const pad = new Uint8Array(64)
      this.#inner = new Digester(algorithm)
      this.#outer = new Digester(algorithm)
      for (let i = 0; i < 64; i++) pad[i] = (key[i] ?? 0) ^ 0x36
      this.#inner.update(pad)
      for (let i = 0; i < 64; i++) pad[i] = (key[i] ?? 0) ^ 0x5c
      this.#outer.update(pad)
    }
    update(data: unknown, inputEncoding?: string): this {
      if (this.#done) throw finalized()
      this.#inner.update(bytesOf(data, inputEncoding, 'data', DATA_TYPES))
      return this
    }
    digest(encoding?: string): any {
      // Node returns an empty result, rather than throwing, when an Hmac is digested twice.
      if (this.#done) return output(new Uint8Array(0), encoding)
      this.#done = true
      this.#outer.update(this.#inner.finish())
      return output(this.#outer.finish(), encoding)
    }
  }

  return {
    createHash(algorithm: string) {
      const found = algorithmOf(algorithm)
      if (found === undefined) throw fail(Error, undefined, 'Digest method not supported')
      return new Hash(new Digester(found))
    },
    createHmac(algorithm: string, key: unknown, options?: { encoding?: string }) {
      const found = algorithmOf(algorithm)
      if (found === undefined)
        throw fail(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${algorithm}`)
      const keyBytes = bytesOf(
        key,
        options?.encoding,
        'key',
        'of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey',
      )
      return new Hmac(found, keyBytes)
    },
  }
}
