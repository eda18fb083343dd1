import type { Credentials } from '../auth/credentials.js'
import { verifyRequest } from '../auth/verify-request.js'
import { ApiError } from './api-errors.js'
import type { ApiRequest } from './api-types.js'

export interface SignedAuthOptions {
  credentials: Credentials
  /** The only service a credential scope may name (`cloudfront`, `cloudfront-keyvaluestore`, `verge`). */
  signingService: string
  clock?: () => Date
}

/**
 * The auth step of the signed APIs: the request's SigV4 or SigV4A signature is verified before
 * anything is read or changed. A refusal throws an `AuthError` (its code says why), or an
 * `ApiError('WrongService')` for a signature scoped to another service (s3, say), which is not
 * one for this API, as on AWS.
 */
export function signedRequestAuth(options: SignedAuthOptions): (request: ApiRequest) => void {
  const clock = options.clock ?? (() => new Date())
  return (request) => {
    const verified = verifyRequest(
      { method: request.method, rawUrl: request.rawUrl, headers: request.headers, body: request.body },
      options.credentials,
      { now: clock() },
    )
    if (verified.service !== options.signingService) {
      throw new ApiError(
        'WrongService',
        `Credential should be scoped to correct service: '${options.signingService}'.`,
      )
    }
  }
}
