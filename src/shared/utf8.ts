/** Bytes a string takes in UTF-8 (lone surrogates count as U+FFFD, 3 bytes, as Buffer does). */
export function utf8ByteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8')
}

const fatalDecoder = new TextDecoder('utf-8', { fatal: true })

/** Decodes UTF-8 strictly: malformed input is an error, never U+FFFD. */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  return fatalDecoder.decode(bytes)
}
