import { channel } from 'node:diagnostics_channel'
import { CodeError } from '../../../runtime/index.js'
import { VergeError } from '../../../shared/index.js'
import { CertificateError, CloudFrontError, ControlError } from '../../errors.js'
import { ApiError } from '../api-errors.js'
import type { ApiResponse } from '../api-types.js'
import {
  type VergeJsonErrorBody,
  type VergeJsonErrorCode,
  type VergeJsonOnlyCode,
  vergeJsonErrorResponse,
} from '../verge-json-errors.js'

/** Published with `{ error }` when a console request fails for a reason nobody expected. */
export const consoleInternalErrorChannel = channel('verge:control:console:internal-error')

/** What only the console's HTTP layer refuses. */
export type ConsoleOnlyErrorCode = Exclude<
  VergeJsonOnlyCode,
  'AccessDenied' | 'MalformedRequest' | 'UnknownOperation'
>

export type ConsoleErrorCode = VergeJsonErrorCode

/** An error the console routes raise themselves. */
export class ConsoleError extends VergeError<ConsoleOnlyErrorCode> {
  constructor(code: ConsoleOnlyErrorCode, message: string) {
    super(code, message)
    this.name = 'ConsoleError'
  }
}

/** The console's error body: Verge's JSON error body (`verge-json-errors.ts`). */
export type ConsoleErrorBody = VergeJsonErrorBody

/** `{code, message}` with the code's status; the console's answers are never cached. */
export function consoleErrorResponse(
  body: ConsoleErrorBody,
  headers: Record<string, string> = {},
): ApiResponse {
  return vergeJsonErrorResponse(body, { 'cache-control': 'no-store', ...headers })
}

function codePosition(error: Error): { line?: number; column?: number } {
  const cause = error instanceof CodeError ? error : error.cause
  if (!(cause instanceof CodeError) || cause.line === undefined) return {}
  return { line: cause.line, ...(cause.column === undefined ? {} : { column: cause.column }) }
}

/** The HTTP layer's own refusals, in the console's vocabulary. */
const API_CODES = {
  MalformedRequest: 'BadRequest',
  UnknownOperation: 'NotFound',
  WrongService: 'Unauthorized',
  Internal: 'Internal',
} as const satisfies Record<ApiError['code'], ConsoleOnlyErrorCode>

/**
 * The console's error mapper: service errors keep their code and message (with line and column
 * for function code); anything else is not expected (a 500 whose detail goes to the
 * diagnostics channel, not the page).
 */
export function mapConsoleErrorBody(error: unknown): ConsoleErrorBody | undefined {
  if (error instanceof ApiError) {
    const code = API_CODES[error.code]
    return {
      code,
      message: code === 'Internal' ? 'An internal error occurred in the control plane.' : error.message,
    }
  }
  if (
    error instanceof ControlError ||
    error instanceof CloudFrontError ||
    error instanceof CertificateError ||
    error instanceof ConsoleError
  ) {
    return { code: error.code, message: error.message, ...codePosition(error) }
  }
  if (error instanceof CodeError) {
    const code = error.code === 'FunctionSizeLimitExceeded' ? 'FunctionSizeLimitExceeded' : 'InvalidArgument'
    return { code, message: error.message, ...codePosition(error) }
  }
  return undefined
}
