import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3'
import { ImportSourceError, sourceTooLarge } from './import-source.js'

/** An S3-compatible service to import from (MinIO, s3rver, Ceph, AWS S3 …). */
export interface S3SourceOptions {
  /** e.g. `http://127.0.0.1:9000`; absent means AWS S3 itself. */
  endpoint?: string
  region?: string
  accessKeyId?: string
  secretAccessKey?: string
  /** Path-style URLs (`endpoint/bucket/key`); on by default when `endpoint` is set. */
  forcePathStyle?: boolean
}

/** S3 options from `VERGE_S3_ENDPOINT`, `VERGE_S3_REGION`, `VERGE_S3_ACCESS_KEY_ID`, `VERGE_S3_SECRET_ACCESS_KEY`. */
export function s3OptionsFromEnv(env: NodeJS.ProcessEnv = process.env): S3SourceOptions | undefined {
  const options: S3SourceOptions = {}
  if (env.VERGE_S3_ENDPOINT) options.endpoint = env.VERGE_S3_ENDPOINT
  if (env.VERGE_S3_REGION) options.region = env.VERGE_S3_REGION
  if (env.VERGE_S3_ACCESS_KEY_ID) options.accessKeyId = env.VERGE_S3_ACCESS_KEY_ID
  if (env.VERGE_S3_SECRET_ACCESS_KEY) options.secretAccessKey = env.VERGE_S3_SECRET_ACCESS_KEY
  return Object.keys(options).length === 0 ? undefined : options
}

/** Makes the client once; `read` gets one object, at most `maxBytes`. */
export function createS3SourceReader(options: S3SourceOptions = {}) {
  let client: S3Client | undefined
  function getClient(): S3Client {
    client ??= new S3Client({
      region: options.region ?? 'us-east-1',
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
      ...(options.accessKeyId !== undefined && options.secretAccessKey !== undefined
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
    })
    return client
  }

  return {
    async read(bucket: string, key: string, maxBytes: number): Promise<Uint8Array> {
      const where = `s3://${bucket}/${key}`
      let output: GetObjectCommandOutput
      try {
        output = await getClient().send(new GetObjectCommand({ Bucket: bucket, Key: key }))
      } catch (error) {
        const name = error instanceof S3ServiceException ? error.name : undefined
        if (name === 'NoSuchKey' || name === 'NoSuchBucket' || name === 'NotFound') {
          throw new ImportSourceError(
            'SourceNotFound',
            `The import object ${where} does not exist (${name}).`,
            { cause: error },
          )
        }
        throw new ImportSourceError(
          'SourceUnreadable',
          `The import object ${where} cannot be read: ${(error as Error).message}`,
          {
            cause: error,
          },
        )
      }
      const body = output.Body as
        | { transformToByteArray(): Promise<Uint8Array>; destroy?: () => void }
        | undefined
      if (output.ContentLength !== undefined && output.ContentLength > maxBytes) {
        body?.destroy?.()
        throw sourceTooLarge(maxBytes)
      }
      const bytes = body === undefined ? new Uint8Array() : await body.transformToByteArray()
      if (bytes.byteLength > maxBytes) throw sourceTooLarge(maxBytes)
      return bytes
    },
    destroy(): void {
      client?.destroy()
    },
  }
}
