import type { ApiResponse } from '../api-types.js'
import type { JsonApiErrorCode } from '../signed-api.js'

/** Service codes plus what only the admin HTTP layer knows. */
export type AdminApiErrorCode = JsonApiErrorCode

/**
 * The one mapping from codes to the admin API's HTTP statuses. The code itself is the error
 * name on the wire (`__type`), as CloudFront names the same refusals.
 */
export function adminStatus(code: AdminApiErrorCode): number {
  switch (code) {
    case 'EntityNotFound':
    case 'UnknownOperation':
      return 404
    case 'InvalidArgument':
    case 'InvalidIfMatchVersion':
    case 'MalformedRequest':
    case 'EntityLimitExceeded':
      return 400
    case 'AccessDenied':
      return 403
    case 'EntityAlreadyExists':
    case 'CannotDeleteEntityWhileInUse':
    case 'ResourceNotReady':
      return 409
    case 'PreconditionFailed':
      return 412
    case 'EntitySizeLimitExceeded':
      return 413
    case 'Internal':
      return 500
  }
}

/** `{"__type": code, "Message": message}` with the code's status. */
export function adminErrorResponse(code: AdminApiErrorCode, message: string): ApiResponse {
  return {
    status: adminStatus(code),
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': code },
    body: JSON.stringify({ __type: code, Message: message }),
  }
}
