import { AuthError } from '../../auth/auth-errors.js'
import { CertificateError, type CertificateErrorCode } from '../../errors.js'
import { ApiError } from '../api-errors.js'
import type { ApiResponse } from '../api-types.js'

/** Service codes plus what only the HTTP layer knows. */
export type AcmApiErrorCode =
  | CertificateErrorCode
  | 'AccessDenied'
  | 'MalformedRequest'
  | 'UnknownOperation'
  | 'Internal'

export interface AcmWireError {
  status: number
  /** The error shape name the SDK turns into an exception class (`__type`). */
  type: string
}

/**
 * The one mapping from codes to ACM's errors (AWS JSON 1.1; AWS answers client errors with
 * 400). Choices where AWS is silent are recorded in docs/compatibility.md.
 */
export function acmWireError(code: AcmApiErrorCode): AcmWireError {
  switch (code) {
    case 'ResourceNotFoundException':
    case 'ResourceInUseException':
    case 'InvalidArnException':
    case 'ValidationException':
    case 'InvalidParameterException':
    case 'LimitExceededException':
    case 'InvalidArgsException':
      return { status: 400, type: code }
    case 'MalformedRequest':
      return { status: 400, type: 'SerializationException' }
    case 'AccessDenied':
      return { status: 400, type: 'AccessDeniedException' }
    case 'UnknownOperation':
      return { status: 400, type: 'UnknownOperationException' }
    case 'Internal':
      return { status: 500, type: 'InternalFailure' }
  }
}

/** `x-amzn-ErrorType` plus `{"__type","message"}`, as AWS JSON 1.1 services answer. */
export function acmErrorResponse(code: AcmApiErrorCode, message: string): ApiResponse {
  const { status, type } = acmWireError(code)
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type },
    body: JSON.stringify({ __type: type, message }),
  }
}

/** ACM's error mapper: service and HTTP-layer errors keep their code; any other is not expected. */
export function mapAcmError(error: unknown): ApiResponse | undefined {
  if (error instanceof AuthError) return acmErrorResponse('AccessDenied', error.message)
  if (error instanceof ApiError)
    return acmErrorResponse(error.code === 'WrongService' ? 'AccessDenied' : error.code, error.message)
  if (error instanceof CertificateError) return acmErrorResponse(error.code, error.message)
  return undefined
}
