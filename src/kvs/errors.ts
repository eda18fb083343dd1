import { VergeError } from '../shared/index.js'

export type KvsErrorCode =
  | 'KeyEmpty'
  | 'KeyTooLong'
  | 'ValueTooLarge'
  | 'StoreTooLarge'
  | 'NoSuchKey'
  | 'InvalidImportFile'
  /** A key or value with a lone surrogate: it has no UTF-8 form. */
  | 'MalformedUnicode'

export class KvsError extends VergeError<KvsErrorCode> {
  constructor(code: KvsErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options)
    this.name = 'KvsError'
  }
}
