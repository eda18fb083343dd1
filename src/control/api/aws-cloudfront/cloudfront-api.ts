import { channel } from 'node:diagnostics_channel'
import { AuthError } from '../../auth/auth-errors.js'
import type { Credentials } from '../../auth/credentials.js'
import { verifyRequest } from '../../auth/verify-request.js'
import { CloudFrontError, ControlError } from '../../errors.js'
import type { DistributionService } from '../../services/distributions.js'
import type { FunctionService } from '../../services/functions.js'
import type { KeyValueStoreService } from '../../services/key-value-stores.js'
import type { ApiMount, ApiRequest, ApiResponse } from '../api-types.js'
import { routeDistribution } from './cloudfront-distribution-routes.js'
import { CloudFrontApiError, cloudFrontErrorResponse } from './cloudfront-errors.js'
import { routeFunction } from './cloudfront-function-routes.js'
import { routeKeyValueStore } from './cloudfront-kvs-routes.js'
import { CLOUDFRONT_API_VERSION } from './cloudfront-responses.js'
import { XmlBodyError } from './cloudfront-xml.js'

/** Function code (40 KB in the model, base64) and distribution configs fit well within this. */
export const CLOUDFRONT_MAX_BODY_BYTES = 1024 * 1024

/** Published with `{ error }` when a CloudFront API request fails for a reason the API did not expect. */
export const cloudFrontInternalErrorChannel = channel('verge:control:cloudfront:internal-error')

/** The signing name of the CloudFront API (spec/api.md 2). */
const SIGNING_SERVICE = 'cloudfront'

export interface CloudFrontApiOptions {
  keyValueStores: KeyValueStoreService
  functions: FunctionService
  distributions: DistributionService
  credentials: Credentials
  clock?: () => Date
}

/**
 * The CloudFront REST-XML API, version 2020-05-31 (spec/api.md 2–5), for key value stores,
 * functions and distributions: every request is verified as SigV4 for `cloudfront` before
 * anything is read or changed, then routed on the raw path segments.
 */
export function createCloudFrontApi(options: CloudFrontApiOptions): ApiMount {
  const clock = options.clock ?? (() => new Date())

  async function dispatch(request: ApiRequest): Promise<ApiResponse> {
    const [, resource, ...rest] = request.segments
    let response: ApiResponse | undefined
    if (resource === 'key-value-store')
      response = await routeKeyValueStore(options.keyValueStores, request, rest)
    else if (resource === 'function') response = await routeFunction(options.functions, request, rest)
    else if (resource === 'distribution')
      response = await routeDistribution(options.distributions, request, rest)
    if (response !== undefined) return response
    const path = request.rawUrl.split('?')[0] ?? ''
    throw new CloudFrontApiError('UnsupportedOperation', `Verge does not serve ${request.method} ${path}.`)
  }

  function authenticate(request: ApiRequest): ApiResponse | undefined {
    try {
      const verified = verifyRequest(
        { method: request.method, rawUrl: request.rawUrl, headers: request.headers, body: request.body },
        options.credentials,
        { now: clock() },
      )
      if (verified.service !== SIGNING_SERVICE) {
        return cloudFrontErrorResponse(
          'WrongService',
          `Credential should be scoped to correct service: '${SIGNING_SERVICE}'.`,
        )
      }
      return undefined
    } catch (error) {
      if (error instanceof AuthError) return cloudFrontErrorResponse(error.code, error.message)
      throw error
    }
  }

  async function handle(request: ApiRequest): Promise<ApiResponse> {
    try {
      const refused = authenticate(request)
      if (refused !== undefined) return refused
      return await dispatch(request)
    } catch (error) {
      if (
        error instanceof ControlError ||
        error instanceof CloudFrontError ||
        error instanceof CloudFrontApiError ||
        error instanceof XmlBodyError
      ) {
        return cloudFrontErrorResponse(error.code, error.message)
      }
      cloudFrontInternalErrorChannel.publish({ error })
      return cloudFrontErrorResponse('InternalError', 'An internal error occurred.')
    }
  }

  return {
    prefix: CLOUDFRONT_API_VERSION,
    maxBodyBytes: CLOUDFRONT_MAX_BODY_BYTES,
    handle,
    malformed: (message) => cloudFrontErrorResponse('MalformedXML', message),
    internalError: () => cloudFrontErrorResponse('InternalError', 'An internal error occurred.'),
  }
}
