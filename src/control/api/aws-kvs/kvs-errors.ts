import { AuthError } from '../../auth/auth-errors.js'
import { ControlError, type ControlErrorCode } from '../../errors.js'
import { ApiError } from '../api-errors.js'
import type { ApiResponse } from '../api-types.js'

/** Service codes plus what only the HTTP layer knows. */
export type KvsApiErrorCode =
  | ControlErrorCode
  | 'AccessDenied'
  | 'MalformedRequest'
  | 'UnknownOperation'
  | 'Internal'

export interface KvsWireError {
  status: number
  /** The Smithy error shape name the SDK turns into an exception class. */
  type: string
}

/**
 * The one mapping from codes to the KeyValueStore data plane's errors (KeyValueStore API Reference).
 * Choices where AWS is silent are recorded in docs/compatibility.md.
 */
export function kvsWireError(code: KvsApiErrorCode): KvsWireError {
  switch (code) {
    case 'EntityNotFound':
      return { status: 404, type: 'ResourceNotFoundException' }
    case 'InvalidArgument':
    case 'InvalidIfMatchVersion':
    case 'MalformedRequest':
      return { status: 400, type: 'ValidationException' }
    case 'PreconditionFailed':
    case 'ResourceNotReady':
    case 'EntityAlreadyExists':
    case 'CannotDeleteEntityWhileInUse':
      return { status: 409, type: 'ConflictException' }
    case 'EntityLimitExceeded':
    case 'EntitySizeLimitExceeded':
      // 402 is verbatim in AWS's API model.
      return { status: 402, type: 'ServiceQuotaExceededException' }
    case 'AccessDenied':
      return { status: 403, type: 'AccessDeniedException' }
    case 'UnknownOperation':
      return { status: 404, type: 'UnknownOperationException' }
    case 'Internal':
      return { status: 500, type: 'InternalServerException' }
  }
}

/** `x-amzn-ErrorType` plus `{"__type","Message"}`, as the SDK parses it. */
export function kvsErrorResponse(code: KvsApiErrorCode, message: string): ApiResponse {
  const { status, type } = kvsWireError(code)
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
    body: JSON.stringify({ __type: type, Message: message }),
  }
}

/**
 * The KVS data plane's error mapper: service and HTTP-layer errors keep their code, every
 * authentication refusal is AccessDenied with its reason; anything else is not expected.
 */
export function mapKvsError(error: unknown): ApiResponse | undefined {
  if (error instanceof AuthError) return kvsErrorResponse('AccessDenied', error.message)
  if (error instanceof ApiError)
    return kvsErrorResponse(error.code === 'WrongService' ? 'AccessDenied' : error.code, error.message)
  if (error instanceof ControlError) return kvsErrorResponse(error.code, error.message)
  return undefined
}
