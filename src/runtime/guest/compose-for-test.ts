import { createBuffer } from './buffer.js'
import { createCrypto } from './crypto.js'
import { createEncoding } from './encoding.js'
import { createQuerystring } from './querystring.js'
import { createTextCodecs } from './text.js'

/**
 * The guest standard library composed in plain Node, in the order the sandbox's bootstrap uses,
 * so tests exercise the very factories that are injected into the isolate.
 */
export function composeGuestLibrary() {
  const enc = createEncoding()
  const Buffer = createBuffer(enc)
  const { TextEncoder, TextDecoder, atob, btoa } = createTextCodecs(enc)
  const crypto = createCrypto(Buffer, enc)
  const querystring = createQuerystring(enc)
  return { enc, Buffer, TextEncoder, TextDecoder, atob, btoa, crypto, querystring }
}
