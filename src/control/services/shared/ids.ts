import { randomBytes, randomUUID } from 'node:crypto'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'

function randomToken(length: number): string {
  const bytes = randomBytes(length)
  let out = ''
  // 256 % 36 = 4: the bias is under 2 %, harmless for an opaque version tag.
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length]
  return out
}

/** A data-plane ETag, opaque and unquoted like CloudFront's `KV0AB12C3DEF456`. */
export function newDataEtag(): string {
  return `KV${randomToken(13)}`
}

/** A control-plane ETag, like CloudFront's `ETVPDKIKX0DER`. */
export function newControlEtag(): string {
  return `E${randomToken(12)}`
}

/** A key value store Id: a UUID, which function associations require. */
export function newKeyValueStoreId(): string {
  return randomUUID()
}
