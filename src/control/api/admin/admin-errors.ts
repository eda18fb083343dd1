import { AuthError } from '../../auth/auth-errors.js'
import { ControlError } from '../../errors.js'
import { ApiError } from '../api-errors.js'
import type { ApiResponse } from '../api-types.js'
import { type VergeJsonErrorCode, vergeJsonErrorResponse } from '../verge-json-errors.js'

/**
 * The admin API's error: Verge's JSON error body (`{code, message}`, statuses from
 * `verge-json-errors.ts`), with the same code and message also under the AWS-style names the
 * CLI reads (`__type`, `Message`, and the `x-amzn-ErrorType` header).
 */
export function adminErrorResponse(code: VergeJsonErrorCode, message: string): ApiResponse {
  return vergeJsonErrorResponse(
    { code, message },
    { 'x-amzn-errortype': code },
    { __type: code, Message: message },
  )
}

/**
 * The admin API's error mapper: service and HTTP-layer errors keep their code, every
 * authentication refusal is AccessDenied with its reason; anything else is not expected.
 */
export function mapAdminError(error: unknown): ApiResponse | undefined {
  if (error instanceof AuthError) return adminErrorResponse('AccessDenied', error.message)
  if (error instanceof ApiError)
    return adminErrorResponse(error.code === 'WrongService' ? 'AccessDenied' : error.code, error.message)
  if (error instanceof ControlError) return adminErrorResponse(error.code, error.message)
  return undefined
}
