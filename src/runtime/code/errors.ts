import { VergeError } from '../../shared/index.js'

/** Why function code was refused before it ran. */
export type CodeErrorCode =
  | 'FunctionSizeLimitExceeded'
  | 'SyntaxError'
  | 'UnsupportedFeature'
  | 'MissingHandler'
  | 'UnknownModule'

/** Where in the user's code a problem is: 1-based line, 1-based column (UTF-16 units, as V8 counts). */
export interface CodePosition {
  readonly line: number
  readonly column: number
}

/**
 * Function code that cannot run: too large, not valid JavaScript, using something its runtime
 * version lacks, without a handler, or importing an unknown module. The message names the
 * position when there is one: `Line 3, column 5: 'const' is not supported in cloudfront-js-1.0`.
 */
export class CodeError extends VergeError<CodeErrorCode> {
  readonly line: number | undefined
  readonly column: number | undefined
  /** The message without the position prefix. */
  readonly reason: string

  constructor(code: CodeErrorCode, reason: string, position?: CodePosition, options?: ErrorOptions) {
    super(
      code,
      position === undefined ? reason : `Line ${position.line}, column ${position.column}: ${reason}`,
      options,
    )
    this.name = 'CodeError'
    this.reason = reason
    this.line = position?.line
    this.column = position?.column
  }
}
