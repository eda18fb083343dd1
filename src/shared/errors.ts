/**
 * Base class for every error Verge raises on purpose. Each module narrows `code` to its own
 * union; the HTTP boundaries translate codes to protocol errors in one place each.
 */
export class VergeError<Code extends string = string> extends Error {
  readonly code: Code

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'VergeError'
    this.code = code
  }
}
