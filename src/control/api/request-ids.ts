import { randomUUID } from 'node:crypto'
import type { ApiMount, ApiResponse } from './api-types.js'

/**
 * Gives every response of an AWS JSON API, success or error, its own `x-amzn-RequestId`, as AWS
 * does: the SDK reports it as `$metadata.requestId`.
 */
export function withRequestIds(api: ApiMount): ApiMount {
  const stamp = (response: ApiResponse): ApiResponse => ({
    ...response,
    headers: { ...response.headers, 'x-amzn-requestid': randomUUID() },
  })
  return {
    prefix: api.prefix,
    maxBodyBytes: api.maxBodyBytes,
    handle: async (request) => stamp(await api.handle(request)),
    malformed: (message) => stamp(api.malformed(message)),
    internalError: () => stamp(api.internalError()),
  }
}
