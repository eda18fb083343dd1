import { decodeUtf8Strict } from '../../../shared/index.js'
import { CertificateError } from '../../errors.js'
import { ApiError } from '../api-errors.js'

/** The members of an AWS JSON 1.1 request body, read once. */
export class AcmInput {
  readonly #body: Record<string, unknown>

  constructor(body: Uint8Array) {
    let parsed: unknown
    try {
      parsed = JSON.parse(body.byteLength === 0 ? '{}' : decodeUtf8Strict(body))
    } catch {
      throw new ApiError('MalformedRequest', 'The request body is not valid JSON.')
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new ApiError('MalformedRequest', 'The request body must be a JSON object.')
    this.#body = parsed as Record<string, unknown>
  }

  #invalid(name: string, what: string): never {
    throw new CertificateError('ValidationException', `${name} must be ${what}.`)
  }

  string(name: string): string | undefined {
    const value = this.#body[name]
    if (value === undefined || value === null) return undefined
    return typeof value === 'string' ? value : this.#invalid(name, 'a string')
  }

  integer(name: string): number | undefined {
    const value = this.#body[name]
    if (value === undefined || value === null) return undefined
    return Number.isInteger(value) ? (value as number) : this.#invalid(name, 'an integer')
  }

  strings(name: string): string[] | undefined {
    const value = this.#body[name]
    if (value === undefined || value === null) return undefined
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
      this.#invalid(name, 'a list of strings')
    return value as string[]
  }

  /** A blob member (base64 on the wire), as UTF-8 text: the PEM texts of ImportCertificate. */
  blobText(name: string): string | undefined {
    const value = this.string(name)
    if (value === undefined) return undefined
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) this.#invalid(name, 'base64')
    return Buffer.from(value, 'base64').toString('utf8')
  }
}
