import type { Channel } from 'node:diagnostics_channel'
import type { Credentials } from '../auth/credentials.js'
import { verifyRequest } from '../auth/verify-request.js'
import { ControlError, type ControlErrorCode } from '../errors.js'
import type { ApiHandler, ApiRequest, ApiResponse } from './api-types.js'

/** The error codes of the JSON APIs (the KVS data plane, the admin API). */
export type JsonApiErrorCode =
  | ControlErrorCode
  | 'AccessDenied'
  | 'MalformedRequest'
  | 'UnknownOperation'
  | 'Internal'

/** A request a handler refuses before reaching a service. */
export class RequestError extends Error {
  readonly code: JsonApiErrorCode

  constructor(code: JsonApiErrorCode, message: string) {
    super(message)
    this.name = 'RequestError'
    this.code = code
  }
}

export interface SignedHandlerOptions {
  credentials: Credentials
  /** The only service a credential scope may name (`cloudfront-keyvaluestore`, `verge`). */
  signingService: string
  clock: () => Date
  dispatch(request: ApiRequest): Promise<ApiResponse>
  /** The API's own error shape for a code. */
  errorResponse(code: JsonApiErrorCode, message: string): ApiResponse
  /** Where unexpected errors are published (libraries don't log). */
  internalErrors: Channel
}

/**
 * Verifies the request's signature, for the API's own service, before anything else (any refusal is AccessDenied and
 * nothing is read or changed), then dispatches; service and request errors become the API's
 * errors, anything else an Internal error.
 */
export function signedHandler(options: SignedHandlerOptions): ApiHandler {
  return async (request) => {
    try {
      const verified = verifyRequest(
        { method: request.method, rawUrl: request.rawUrl, headers: request.headers, body: request.body },
        options.credentials,
        { now: options.clock() },
      )
      // A signature for another service (s3, say) is not one for this API, as on AWS.
      if (verified.service !== options.signingService) {
        return options.errorResponse(
          'AccessDenied',
          `Credential should be scoped to correct service: '${options.signingService}'.`,
        )
      }
    } catch (error) {
      return options.errorResponse('AccessDenied', error instanceof Error ? error.message : 'Access denied.')
    }
    try {
      return await options.dispatch(request)
    } catch (error) {
      if (error instanceof ControlError || error instanceof RequestError) {
        return options.errorResponse(error.code, error.message)
      }
      options.internalErrors.publish({ error })
      return options.errorResponse('Internal', 'An internal error occurred.')
    }
  }
}
