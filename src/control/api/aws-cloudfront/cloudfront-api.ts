import { channel } from 'node:diagnostics_channel'
import type { Credentials } from '../../auth/credentials.js'
import { ApiError } from '../api-errors.js'
import type { ApiMount } from '../api-types.js'
import { mount } from '../mount.js'
import { signedRequestAuth } from '../signed-auth.js'
import { mapCloudFrontError } from './cloudfront-errors.js'
import { CLOUDFRONT_API_VERSION } from './cloudfront-responses.js'
import { type CloudFrontServices, cloudFrontRoutes } from './cloudfront-routes.js'

/** Function code (40 KB in the model, base64) and distribution configs fit well within this. */
export const CLOUDFRONT_MAX_BODY_BYTES = 1024 * 1024

/** Published with `{ error }` when a CloudFront API request fails for a reason the API did not expect. */
export const cloudFrontInternalErrorChannel = channel('verge:control:cloudfront:internal-error')

/** The signing name of the CloudFront API (CloudFront API Reference). */
const SIGNING_SERVICE = 'cloudfront'

export interface CloudFrontApiOptions extends CloudFrontServices {
  credentials: Credentials
  clock?: () => Date
}

/**
 * The CloudFront REST-XML API, version 2020-05-31 (CloudFront API Reference), for key value stores,
 * functions and distributions: every request is verified as SigV4 for `cloudfront` before
 * anything is read or changed, then routed on the raw path segments; errors are
 * `<ErrorResponse>` documents (`cloudfront-errors.ts`).
 */
export function createCloudFrontApi(options: CloudFrontApiOptions): ApiMount {
  return mount({
    prefix: CLOUDFRONT_API_VERSION,
    maxBodyBytes: CLOUDFRONT_MAX_BODY_BYTES,
    routes: cloudFrontRoutes(options),
    authenticate: signedRequestAuth({
      credentials: options.credentials,
      signingService: SIGNING_SERVICE,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    }),
    unmatched: (request) =>
      new ApiError(
        'UnknownOperation',
        `Verge does not serve ${request.method} ${request.rawUrl.split('?')[0] ?? ''}.`,
      ),
    mapError: mapCloudFrontError,
    internalErrors: cloudFrontInternalErrorChannel,
  })
}
