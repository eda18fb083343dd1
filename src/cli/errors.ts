import { describeCertificateFailure, VergeError } from '../shared/index.js'

/** Exit codes scripts can trust (docs/cli.md). */
export const EXIT_OK = 0
/** The API refused or failed (any AWS error other than "not found"), or the control plane is unreachable. */
export const EXIT_API_ERROR = 1
/** The command line is wrong: unknown command or flag, missing argument, unreadable input file. */
export const EXIT_USAGE = 2
/** The store, key, function, distribution or revision named does not exist. */
export const EXIT_NOT_FOUND = 3

export type CliErrorCode = 'UsageError' | 'NotFound' | 'ImportFailed' | 'Timeout'

/** What the CLI itself refuses, before or after talking to the control plane. */
export class CliError extends VergeError<CliErrorCode> {
  constructor(code: CliErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options)
    this.name = 'CliError'
  }
}

export const usageError = (message: string) => new CliError('UsageError', message)

/** The AWS error names that mean "what you named does not exist". */
const NOT_FOUND_CODES = new Set([
  'EntityNotFound',
  'NoSuchFunctionExists',
  'NoSuchDistribution',
  'ResourceNotFoundException',
])

// Network failures have no AWS code: name them so scripts and people can tell them apart.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
])

/** The error's AWS code (the SDK's `name`, or our own code), and its message. */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof VergeError) return { code: error.code, message: error.message }
  const untrusted = describeCertificateFailure(error, 'the control plane', '--ca FILE (VERGE_CA_FILE)')
  if (untrusted !== undefined) return { code: 'CertificateNotTrusted', message: untrusted }
  if (error instanceof Error) {
    const errno = (error as NodeJS.ErrnoException).code
    if (typeof errno === 'string' && NETWORK_CODES.has(errno)) {
      return {
        code: 'ConnectionFailed',
        message: `${error.message} (is the control plane running? see verge start)`,
      }
    }
    const cause = (error as { cause?: unknown }).cause
    if (error.name === 'TypeError' && cause instanceof Error) return describeError(cause)
    return { code: error.name || 'Error', message: error.message || String(error) }
  }
  return { code: 'Error', message: String(error) }
}

/** The exit code for an error thrown by a command. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CliError) {
    if (error.code === 'UsageError') return EXIT_USAGE
    if (error.code === 'NotFound') return EXIT_NOT_FOUND
    return EXIT_API_ERROR
  }
  return NOT_FOUND_CODES.has(describeError(error).code) ? EXIT_NOT_FOUND : EXIT_API_ERROR
}
