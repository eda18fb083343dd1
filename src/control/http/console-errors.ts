import { channel } from 'node:diagnostics_channel'
import { CodeError } from '../../runtime/index.js'
import { VergeError } from '../../shared/errors.js'
import { CloudFrontError, type CloudFrontErrorCode, ControlError, type ControlErrorCode } from '../errors.js'
import type { ApiResponse } from './api-types.js'

/** Published with `{ error }` when a console request fails for a reason nobody expected. */
export const consoleInternalErrorChannel = channel('verge:control:console:internal-error')

/** What only the console's HTTP layer refuses. */
export type ConsoleOnlyErrorCode =
  /** No session cookie, or the session expired. */
  | 'Unauthorized'
  /** Sign-in with a wrong access key id or secret. */
  | 'InvalidCredentials'
  /** A mutating request without the session's CSRF token, or from another origin. */
  | 'CsrfRejected'
  /** The request's JSON is malformed or misses a member. */
  | 'BadRequest'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'BodyTooLarge'
  /** Too many failed sign-ins from one address: wait `Retry-After` seconds. */
  | 'TooManyRequests'
  /** The control plane runs without the service the route needs. */
  | 'NotAvailable'
  | 'Internal'

export type ConsoleErrorCode = ControlErrorCode | CloudFrontErrorCode | ConsoleOnlyErrorCode

/** An error the console routes raise themselves. */
export class ConsoleError extends VergeError<ConsoleOnlyErrorCode> {
  constructor(code: ConsoleOnlyErrorCode, message: string) {
    super(code, message)
    this.name = 'ConsoleError'
  }
}

/** The one mapping from every code the console can meet to an HTTP status. */
export function consoleStatus(code: ConsoleErrorCode): number {
  switch (code) {
    case 'InvalidArgument':
    case 'InvalidIfMatchVersion':
    case 'InconsistentQuantities':
    case 'InvalidTTLOrder':
    case 'InvalidFunctionAssociation':
    case 'IllegalUpdate':
    case 'TestFunctionFailed':
    case 'EntityLimitExceeded':
    case 'TooManyFunctions':
    case 'TooManyDistributions':
    case 'TooManyFunctionAssociations':
    case 'BadRequest':
      return 400
    case 'Unauthorized':
    case 'InvalidCredentials':
      return 401
    case 'CsrfRejected':
      return 403
    case 'EntityNotFound':
    case 'NoSuchFunctionExists':
    case 'NoSuchDistribution':
    case 'NoSuchOrigin':
    case 'NoSuchCachePolicy':
    case 'NotFound':
      return 404
    case 'MethodNotAllowed':
      return 405
    case 'EntityAlreadyExists':
    case 'FunctionAlreadyExists':
    case 'DistributionAlreadyExists':
    case 'CNAMEAlreadyExists':
    case 'CannotDeleteEntityWhileInUse':
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

/** The console's error body: `{code, message}`, plus the position of a code error. */
export interface ConsoleErrorBody {
  code: ConsoleErrorCode
  message: string
  line?: number
  column?: number
}

export function consoleErrorResponse(
  body: ConsoleErrorBody,
  headers: Record<string, string> = {},
): ApiResponse {
  return {
    status: consoleStatus(body.code),
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  }
}

function codePosition(error: Error): { line?: number; column?: number } {
  const cause = error instanceof CodeError ? error : error.cause
  if (!(cause instanceof CodeError) || cause.line === undefined) return {}
  return { line: cause.line, ...(cause.column === undefined ? {} : { column: cause.column }) }
}

/**
 * Turns anything a console route throws into its response, in one place: service errors keep
 * their code and message (with line and column for function code), everything else is a 500
 * whose detail goes to the diagnostics channel, not the page.
 */
export function toConsoleErrorResponse(error: unknown): ApiResponse {
  if (error instanceof ControlError || error instanceof CloudFrontError || error instanceof ConsoleError) {
    return consoleErrorResponse({ code: error.code, message: error.message, ...codePosition(error) })
  }
  if (error instanceof CodeError) {
    const code = error.code === 'FunctionSizeLimitExceeded' ? 'FunctionSizeLimitExceeded' : 'InvalidArgument'
    return consoleErrorResponse({ code, message: error.message, ...codePosition(error) })
  }
  consoleInternalErrorChannel.publish({ error })
  return consoleErrorResponse({
    code: 'Internal',
    message: 'An internal error occurred in the control plane.',
  })
}
