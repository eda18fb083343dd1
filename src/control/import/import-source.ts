import { isAbsolute } from 'node:path'
import { fileURLToPath } from 'node:url'
import { VergeError } from '../../shared/index.js'
import { ControlError } from '../errors.js'

/**
 * Where an import file lives. CloudFront takes only `arn:aws:s3:::bucket/key`; a self-hosted
 * control plane also takes `s3://bucket/key`, an http(s) URL, an absolute path or a `file:` URL
 * (docs/compatibility.md, "Creation and import").
 */
export type ImportSourceLocation =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'http'; readonly url: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly key: string }

/** Parses a SourceARN; a form it does not know is `InvalidArgument`. */
export function parseImportSource(source: string): ImportSourceLocation {
  const s3 = /^(?:arn:aws:s3:::|s3:\/\/)([^/]+)\/(.+)$/.exec(source)
  if (s3 !== null) return { kind: 's3', bucket: s3[1]!, key: s3[2]! }
  if (/^https?:\/\//i.test(source)) {
    try {
      return { kind: 'http', url: new URL(source).href }
    } catch {
      throw new ControlError('InvalidArgument', `The import source ${source} is not a valid URL.`)
    }
  }
  if (/^file:/i.test(source)) {
    try {
      return { kind: 'file', path: fileURLToPath(source) }
    } catch {
      throw new ControlError('InvalidArgument', `The import source ${source} is not a valid file URL.`)
    }
  }
  if (isAbsolute(source)) return { kind: 'file', path: source }
  throw new ControlError(
    'InvalidArgument',
    `The import source ${JSON.stringify(source)} is not one of arn:aws:s3:::bucket/key, s3://bucket/key, an http(s) URL, file: URL or absolute path.`,
  )
}

export type ImportSourceErrorCode =
  | 'SourceNotFound'
  | 'SourceUnreadable'
  | 'SourceTooLarge'
  /** A local path while no import directory is allowed, or one outside it. */
  | 'SourceForbidden'

/** Reading an import source failed; the message is the store's FailureReason. */
export class ImportSourceError extends VergeError<ImportSourceErrorCode> {
  constructor(code: ImportSourceErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options)
    this.name = 'ImportSourceError'
  }
}

export function sourceTooLarge(maxBytes: number): ImportSourceError {
  // The first sentence is CloudFront's FailureReason.
  return new ImportSourceError(
    'SourceTooLarge',
    `Datasource size exceeds the allowed limit: the file is larger than ${maxBytes} bytes.`,
  )
}

/** Reads a whole import file, refusing more than `maxBytes`. */
export type ImportSourceReader = (location: ImportSourceLocation, maxBytes: number) => Promise<Uint8Array>

/** Throws `ImportSourceError` for a source this control plane will not read, before any read. */
export type ImportSourceCheck = (location: ImportSourceLocation) => void
