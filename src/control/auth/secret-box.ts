import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { VergeError } from '../../shared/index.js'

export type SecretErrorCode = 'SecretsKeyInvalid' | 'SecretUnreadable'

/** A secrets key that is not 32 bytes, or a sealed secret this key cannot open. */
export class SecretError extends VergeError<SecretErrorCode> {
  constructor(code: SecretErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options)
    this.name = 'SecretError'
  }
}

const VERSION = 'v1'
const IV_BYTES = 12
const TAG_BYTES = 16

/**
 * Seals secrets the control plane keeps at rest (certificates' private keys) with AES-256-GCM:
 * `v1.<base64 of iv | tag | ciphertext>`, a fresh 96-bit IV each time. Opening checks the tag,
 * so a sealed value that was altered, or sealed under another key, is refused, never misread.
 */
export class SecretBox {
  readonly #key: Buffer

  constructor(key: Uint8Array) {
    if (key.byteLength !== 32) {
      throw new SecretError('SecretsKeyInvalid', `The secrets key must be 32 bytes, not ${key.byteLength}.`)
    }
    this.#key = Buffer.from(key)
  }

  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv)
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`
  }

  open(sealed: string): string {
    const [version, data] = sealed.split('.', 2)
    const bytes = Buffer.from(data ?? '', 'base64')
    if (version !== VERSION || bytes.byteLength < IV_BYTES + TAG_BYTES) {
      throw new SecretError('SecretUnreadable', 'The sealed secret is not in a format this Verge knows.')
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, bytes.subarray(0, IV_BYTES))
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8')
    } catch (error) {
      throw new SecretError(
        'SecretUnreadable',
        "A sealed secret cannot be opened with this secrets key (VERGE_SECRETS_KEY or the data directory's secrets-key).",
        { cause: error },
      )
    }
  }
}
