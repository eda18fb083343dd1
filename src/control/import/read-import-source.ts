import { readFileSource } from './file-source.js'
import { readHttpSource } from './http-source.js'
import type { ImportSourceLocation, ImportSourceReader } from './import-source.js'
import { createS3SourceReader, type S3SourceOptions } from './s3-source.js'

/** One reader for every kind of import source; `destroy()` releases the S3 client. */
export function createImportSourceReader(options: { s3?: S3SourceOptions } = {}): {
  read: ImportSourceReader
  destroy(): void
} {
  const s3 = createS3SourceReader(options.s3)
  return {
    read(location: ImportSourceLocation, maxBytes: number): Promise<Uint8Array> {
      switch (location.kind) {
        case 'file':
          return readFileSource(location.path, maxBytes)
        case 'http':
          return readHttpSource(location.url, maxBytes)
        case 's3':
          return s3.read(location.bucket, location.key, maxBytes)
      }
    },
    destroy: () => s3.destroy(),
  }
}
