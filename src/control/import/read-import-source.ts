import { checkFileSource, readFileSource } from './file-source.js'
import { readHttpSource } from './http-source.js'
import type { ImportSourceCheck, ImportSourceLocation, ImportSourceReader } from './import-source.js'
import { createS3SourceReader, type S3SourceOptions } from './s3-source.js'

export interface ImportSourceReaderOptions {
  s3?: S3SourceOptions
  /** The only directory local paths are read from; without it, local paths are refused. */
  importDir?: string
}

/** One reader for every kind of import source; `destroy()` releases the S3 client. */
export function createImportSourceReader(options: ImportSourceReaderOptions = {}): {
  read: ImportSourceReader
  check: ImportSourceCheck
  destroy(): void
} {
  const s3 = createS3SourceReader(options.s3)
  return {
    read(location: ImportSourceLocation, maxBytes: number): Promise<Uint8Array> {
      switch (location.kind) {
        case 'file':
          return readFileSource(location.path, maxBytes, options.importDir)
        case 'http':
          return readHttpSource(location.url, maxBytes)
        case 's3':
          return s3.read(location.bucket, location.key, maxBytes)
      }
    },
    check(location: ImportSourceLocation): void {
      if (location.kind === 'file') checkFileSource(location.path, options.importDir)
    },
    destroy: () => s3.destroy(),
  }
}
