import { randomUUID } from 'node:crypto'
import { channel } from 'node:diagnostics_channel'
import type { Credentials } from '../../auth/credentials.js'
import type { KeyService } from '../../services/index.js'
import type { ApiMount, ApiResponse } from '../api-types.js'
import { mount } from '../mount.js'
import type { Route } from '../route-table.js'
import { signedRequestAuth } from '../signed-auth.js'
import { mapKvsError } from './kvs-errors.js'
import { kvsOperations } from './kvs-operations.js'

/** UpdateKeys may carry 3 MB ('Quotas on key value stores'); leave room for JSON. */
export const KVS_MAX_BODY_BYTES = 4 * 1024 * 1024

/** The signing name of the KeyValueStore data plane: the SDK client signs with it. */
export const KVS_SIGNING_SERVICE = 'cloudfront-keyvaluestore'

/** Published with `{ error }` when a KVS request fails for a reason the API did not expect. */
export const kvsInternalErrorChannel = channel('verge:control:kvs:internal-error')

export interface KvsApiOptions {
  keys: KeyService
  credentials: Credentials
  clock?: () => Date
}

/** The data plane's route table, under `/key-value-stores/`; `arn` is one percent-encoded segment. */
export function kvsRoutes(keys: KeyService): Route<unknown>[] {
  const op = kvsOperations(keys)
  return [
    { method: 'GET', path: ':arn', operation: op.describeKeyValueStore },
    { method: 'GET', path: ':arn/keys', operation: op.listKeys },
    { method: 'POST', path: ':arn/keys', operation: op.updateKeys },
    { method: 'GET', path: ':arn/keys/:key', operation: op.getKey },
    { method: 'PUT', path: ':arn/keys/:key', operation: op.putKey },
    { method: 'DELETE', path: ':arn/keys/:key', operation: op.deleteKey },
  ]
}

/**
 * The KeyValueStore data plane (restJson1, Amazon CloudFront KeyValueStore API Reference): every request is authenticated
 * (SigV4A or SigV4, for `cloudfront-keyvaluestore`) before anything else, then routed on the
 * raw path; errors are AWS JSON errors (`kvs-errors.ts`).
 */
export function createKvsApi(options: KvsApiOptions): ApiMount {
  return withRequestIds(
    mount({
      prefix: 'key-value-stores',
      maxBodyBytes: KVS_MAX_BODY_BYTES,
      routes: kvsRoutes(options.keys),
      // An empty ARN or key reaches the service, which names what is wrong with it.
      routeTable: { emptyParams: true },
      authenticate: signedRequestAuth({
        credentials: options.credentials,
        signingService: KVS_SIGNING_SERVICE,
        ...(options.clock === undefined ? {} : { clock: options.clock }),
      }),
      mapError: mapKvsError,
      internalErrors: kvsInternalErrorChannel,
    }),
  )
}

/**
 * Gives every response of the data plane, success or error, its own `x-amzn-RequestId`, as AWS
 * does: the SDK reports it as `$metadata.requestId`.
 */
function withRequestIds(api: ApiMount): ApiMount {
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
