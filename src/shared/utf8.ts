/** Bytes a string takes in UTF-8 (lone surrogates count as U+FFFD, 3 bytes, as Buffer does). */
export function utf8ByteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8')
}

// In a u-mode pattern a surrogate pair is one code point, so this matches lone surrogates only.
const LONE_SURROGATE = /\p{Surrogate}/u

/**
 * Whether a string is well-formed Unicode: no lone surrogate. A lone surrogate has no UTF-8
 * form (Buffer writes U+FFFD for it), so two such strings could map to one stored key.
 */
export function isWellFormedUnicode(value: string): boolean {
  return !LONE_SURROGATE.test(value)
}

const fatalDecoder = new TextDecoder('utf-8', { fatal: true })

/** Decodes UTF-8 strictly: malformed input is an error, never U+FFFD. */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  return fatalDecoder.decode(bytes)
}
