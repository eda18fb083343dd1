import { randomUUID } from 'node:crypto'
import { VergeError } from '../../../shared/index.js'
import { AuthError, type AuthErrorCode } from '../../auth/auth-errors.js'
import {
  CloudFrontError,
  type CloudFrontErrorCode,
  ControlError,
  type ControlErrorCode,
} from '../../errors.js'
import { ApiError } from '../api-errors.js'
import type { ApiResponse } from '../api-types.js'
import { buildXmlDocument, XmlBodyError } from './cloudfront-xml.js'

/** What only the HTTP layer of the CloudFront API knows. */
export type CloudFrontApiOnlyCode =
  /** The body is not well-formed XML, or its root is not the operation's. */
  | 'MalformedXML'
  /** A payload operation (CreateDistribution, UpdateDistribution) without a body. */
  | 'MissingBody'
  /** No route: an operation Verge does not serve. */
  | 'UnsupportedOperation'
  /** The signature names another service than `cloudfront`. */
  | 'WrongService'
  | 'InternalError'

export type CloudFrontApiErrorCode =
  | ControlErrorCode
  | CloudFrontErrorCode
  | AuthErrorCode
  | CloudFrontApiOnlyCode

/** A refusal raised by the HTTP layer itself (parsing, routing). */
export class CloudFrontApiError extends VergeError<CloudFrontApiErrorCode> {
  constructor(code: CloudFrontApiErrorCode, message: string) {
    super(code, message)
    this.name = 'CloudFrontApiError'
  }
}

export interface CloudFrontWireError {
  status: number
  /** `Error.Code`: the model's error shape name, which the SDK turns into the exception's `name`. */
  code: string
}

/**
 * The one mapping from codes to the CloudFront REST-XML API's errors (CloudFront API Reference), with
 * the statuses of the model. Choices where AWS is silent are recorded in docs/compatibility.md.
 */
export function cloudFrontWireError(code: CloudFrontApiErrorCode): CloudFrontWireError {
  switch (code) {
    case 'EntityNotFound':
      return { status: 404, code: 'EntityNotFound' }
    case 'EntityAlreadyExists':
      return { status: 409, code: 'EntityAlreadyExists' }
    case 'InvalidArgument':
      return { status: 400, code: 'InvalidArgument' }
    case 'PreconditionFailed':
      return { status: 412, code: 'PreconditionFailed' }
    case 'InvalidIfMatchVersion':
      return { status: 400, code: 'InvalidIfMatchVersion' }
    case 'EntityLimitExceeded':
      return { status: 400, code: 'EntityLimitExceeded' }
    case 'EntitySizeLimitExceeded':
      return { status: 413, code: 'EntitySizeLimitExceeded' }
    case 'CannotDeleteEntityWhileInUse':
      return { status: 409, code: 'CannotDeleteEntityWhileInUse' }
    case 'ResourceNotReady':
      return { status: 409, code: 'CannotUpdateEntityWhileInUse' }
    case 'NoSuchFunctionExists':
      return { status: 404, code }
    case 'FunctionAlreadyExists':
    case 'FunctionInUse':
      return { status: 409, code }
    case 'FunctionSizeLimitExceeded':
      return { status: 413, code }
    case 'TooManyFunctions':
      return { status: 400, code }
    case 'TestFunctionFailed':
      return { status: 500, code }
    case 'NoSuchDistribution':
      return { status: 404, code }
    case 'DistributionAlreadyExists':
    case 'DistributionNotDisabled':
    case 'CNAMEAlreadyExists':
      return { status: 409, code }
    case 'TooManyDistributions':
    case 'InconsistentQuantities':
    case 'InvalidTTLOrder':
    case 'InvalidFunctionAssociation':
    case 'TooManyFunctionAssociations':
    case 'IllegalUpdate':
    case 'InvalidViewerCertificate':
      return { status: 400, code }
    case 'NoSuchOrigin':
    case 'NoSuchCachePolicy':
      return { status: 404, code }
    case 'MissingAuthentication':
      return { status: 403, code: 'MissingAuthenticationToken' }
    case 'MalformedAuthorization':
      return { status: 400, code: 'IncompleteSignature' }
    case 'UnknownAccessKey':
      return { status: 403, code: 'InvalidClientTokenId' }
    case 'SignatureMismatch':
    case 'PayloadHashMismatch':
    case 'WrongService':
      return { status: 403, code: 'SignatureDoesNotMatch' }
    case 'RequestExpired':
      return { status: 403, code: 'RequestTimeTooSkewed' }
    case 'MalformedXML':
      return { status: 400, code: 'MalformedXML' }
    case 'MissingBody':
      return { status: 400, code: 'MissingBody' }
    case 'UnsupportedOperation':
      return { status: 400, code: 'UnsupportedOperation' }
    case 'InternalError':
      return { status: 500, code: 'InternalError' }
  }
}

/**
 * The `<ErrorResponse>` the SDK parses: `Error.Type` (Sender, or Receiver for
 * 5xx), `Error.Code`, `Error.Message`, `RequestId`, and the `x-amz-request-id` header.
 */
export function cloudFrontErrorResponse(code: CloudFrontApiErrorCode, message: string): ApiResponse {
  const wire = cloudFrontWireError(code)
  const requestId = randomUUID()
  return {
    status: wire.status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
    body: buildXmlDocument('ErrorResponse', {
      Error: { Type: wire.status >= 500 ? 'Receiver' : 'Sender', Code: wire.code, Message: message },
      RequestId: requestId,
    }),
  }
}

/** The HTTP layer's own refusals, in this API's vocabulary. */
const API_CODES = {
  MalformedRequest: 'MalformedXML',
  UnknownOperation: 'UnsupportedOperation',
  WrongService: 'WrongService',
  Internal: 'InternalError',
} as const satisfies Record<ApiError['code'], CloudFrontApiErrorCode>

/**
 * The CloudFront API's error mapper: every error that carries one of its codes keeps it, the
 * HTTP layer's are renamed; anything else is not expected.
 */
export function mapCloudFrontError(error: unknown): ApiResponse | undefined {
  if (error instanceof ApiError) return cloudFrontErrorResponse(API_CODES[error.code], error.message)
  if (
    error instanceof AuthError ||
    error instanceof ControlError ||
    error instanceof CloudFrontError ||
    error instanceof CloudFrontApiError ||
    error instanceof XmlBodyError
  ) {
    return cloudFrontErrorResponse(error.code, error.message)
  }
  return undefined
}
