import { VergeError } from '../../shared/index.js'

/**
 * What the HTTP layer itself refuses, whatever the API: each surface's error mapper turns these
 * codes into its own wire errors (`aws-cloudfront/cloudfront-errors.ts`, `aws-kvs/kvs-errors.ts`,
 * `verge-json-errors.ts`).
 */
export type ApiErrorCode =
  /** A request target or body the API cannot read (bad encoding, over the size limit, bad JSON). */
  | 'MalformedRequest'
  /** No route serves this method and path. */
  | 'UnknownOperation'
  /** A valid signature, but for another service than this API's. */
  | 'WrongService'
  /** Something failed that nobody expected; the detail goes to a diagnostics channel. */
  | 'Internal'

export class ApiError extends VergeError<ApiErrorCode> {
  constructor(code: ApiErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options)
    this.name = 'ApiError'
  }
}

/** The message of every `Internal` error the AWS-shaped APIs send. */
export const INTERNAL_MESSAGE = 'An internal error occurred.'
