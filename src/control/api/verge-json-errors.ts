import type { CertificateErrorCode, CloudFrontErrorCode, ControlErrorCode } from '../errors.js'
import type { ApiResponse } from './api-types.js'

/** What only Verge's own JSON APIs (the admin API, the console's) refuse. */
export type VergeJsonOnlyCode =
  /** A signed admin request whose signature does not verify, or is for another service. */
  | 'AccessDenied'
  /** The admin API's request target or body cannot be read. */
  | 'MalformedRequest'
  /** No admin operation for this method and path. */
  | 'UnknownOperation'
  /** No console session cookie, or the session expired. */
  | 'Unauthorized'
  /** Sign-in with a wrong access key id or secret. */
  | 'InvalidCredentials'
  /** A mutating request without the session's CSRF token, or from another origin. */
  | 'CsrfRejected'
  /** The console request's JSON is malformed or misses a member, or its target cannot be read. */
  | 'BadRequest'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'BodyTooLarge'
  /** Too many failed sign-ins from one address: wait `Retry-After` seconds. */
  | 'TooManyRequests'
  /** The control plane runs without the service the route needs. */
  | 'NotAvailable'
  | 'Internal'

export type VergeJsonErrorCode =
  | ControlErrorCode
  | CloudFrontErrorCode
  | CertificateErrorCode
  | VergeJsonOnlyCode

/** The one mapping from every code Verge's JSON APIs can send to an HTTP status. */
export function vergeJsonStatus(code: VergeJsonErrorCode): number {
  switch (code) {
    case 'InvalidArgument':
    case 'InvalidIfMatchVersion':
    case 'InconsistentQuantities':
    case 'InvalidTTLOrder':
    case 'InvalidFunctionAssociation':
    case 'IllegalUpdate':
    case 'InvalidViewerCertificate':
    case 'InvalidArnException':
    case 'ValidationException':
    case 'InvalidParameterException':
    case 'InvalidArgsException':
    case 'LimitExceededException':
    case 'TestFunctionFailed':
    case 'EntityLimitExceeded':
    case 'TooManyFunctions':
    case 'TooManyDistributions':
    case 'TooManyFunctionAssociations':
    case 'BadRequest':
    case 'MalformedRequest':
      return 400
    case 'Unauthorized':
    case 'InvalidCredentials':
      return 401
    case 'CsrfRejected':
    case 'AccessDenied':
      return 403
    case 'EntityNotFound':
    case 'NoSuchFunctionExists':
    case 'NoSuchDistribution':
    case 'ResourceNotFoundException':
    case 'NoSuchOrigin':
    case 'NoSuchCachePolicy':
    case 'NotFound':
    case 'UnknownOperation':
      return 404
    case 'MethodNotAllowed':
      return 405
    case 'EntityAlreadyExists':
    case 'FunctionAlreadyExists':
    case 'DistributionAlreadyExists':
    case 'CNAMEAlreadyExists':
    case 'CannotDeleteEntityWhileInUse':
    case 'ResourceInUseException':
    case 'FunctionInUse':
    case 'DistributionNotDisabled':
    case 'ResourceNotReady':
      return 409
    case 'PreconditionFailed':
      return 412
    case 'EntitySizeLimitExceeded':
    case 'FunctionSizeLimitExceeded':
    case 'BodyTooLarge':
      return 413
    case 'TooManyRequests':
      return 429
    case 'NotAvailable':
      return 501
    case 'Internal':
      return 500
  }
}

/** The one error body of Verge's JSON APIs: `{code, message}`, plus where function code failed. */
export interface VergeJsonErrorBody {
  code: VergeJsonErrorCode
  message: string
  line?: number
  column?: number
}

/** The body as JSON with the code's status; `extra` adds members (the admin API's AWS-style names). */
export function vergeJsonErrorResponse(
  body: VergeJsonErrorBody,
  headers: Record<string, string> = {},
  extra: Record<string, string> = {},
): ApiResponse {
  return {
    status: vergeJsonStatus(body.code),
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ ...extra, ...body }),
  }
}
