import { VergeError } from '../../shared/index.js'

/**
 * `OriginUnreachable`: connection refused, reset, DNS failure, bad TLS or a broken response → 502.
 * `OriginTimeout`: no connection within `ConnectionTimeout` on the last attempt, or no response
 * within `OriginReadTimeout` → 504.
 * `InvalidOrigin`: a function selected an origin the distribution does not have, or gave origin
 * parameters the edge cannot use → 502.
 */
export type OriginErrorCode = 'OriginUnreachable' | 'OriginTimeout' | 'InvalidOrigin'

/** A failure to get a response from an origin; the viewer server maps `code` to a status. */
export class OriginError extends VergeError<OriginErrorCode> {
  constructor(code: OriginErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options)
    this.name = 'OriginError'
  }
}

/** The status CloudFront gives the viewer for an origin failure. */
export function originErrorStatus(code: OriginErrorCode): 502 | 504 {
  switch (code) {
    case 'OriginTimeout':
      return 504
    case 'OriginUnreachable':
    case 'InvalidOrigin':
      return 502
  }
}
