import type { IncomingMessage } from 'node:http'
import { VergeError } from '../../shared/index.js'

/** A request body over its API's limit; the router answers it as the API's malformed request. */
export class BodyTooLargeError extends VergeError<'BodyTooLarge'> {
  constructor(limit: number) {
    super('BodyTooLarge', `The request body is larger than ${limit} bytes.`)
    this.name = 'BodyTooLargeError'
  }
}

/** Reads a request body into memory, refusing more than `limit` bytes. */
export async function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers['content-length'] ?? Number.NaN)
  if (declared > limit) throw new BodyTooLargeError(limit)
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > limit) throw new BodyTooLargeError(limit)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks, total)
}
