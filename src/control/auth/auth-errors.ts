import { VergeError } from '../../shared/index.js'

/**
 * Why a request failed authentication. The HTTP boundaries map these to their own wire errors
 * (CloudFront REST-XML and the KVS REST-JSON API name them differently).
 */
export type AuthErrorCode =
  /** Neither an `Authorization` header nor presigned `X-Amz-*` query parameters. */
  | 'MissingAuthentication'
  /** The `Authorization` header or the presigned query is not a SigV4/SigV4A one we can parse. */
  | 'MalformedAuthorization'
  /** The access key id in the credential scope is not ours. */
  | 'UnknownAccessKey'
  /** The signature does not verify against the canonical request. */
  | 'SignatureMismatch'
  /** The signing date is missing, too far from the server's clock, or the presigned URL expired. */
  | 'RequestExpired'
  /** `x-amz-content-sha256` does not match the SHA-256 of the body that arrived. */
  | 'PayloadHashMismatch'

/**
 * What the server computed, for debug logs on a `SignatureMismatch` (AWS puts the same two
 * strings in its SignatureDoesNotMatch errors). Neither holds a secret or the expected signature.
 */
export interface SignatureDebugInfo {
  canonicalRequest: string
  stringToSign: string
}

export class AuthError extends VergeError<AuthErrorCode> {
  /** Set on `SignatureMismatch` only. */
  readonly debug: SignatureDebugInfo | undefined

  constructor(code: AuthErrorCode, message: string, options?: ErrorOptions & { debug?: SignatureDebugInfo }) {
    super(code, message, options)
    this.name = 'AuthError'
    this.debug = options?.debug
  }
}

/** Why the control plane's own credentials could not be loaded (a startup error, not a request one). */
export type CredentialsErrorCode =
  /** Only one of VERGE_ACCESS_KEY_ID and VERGE_SECRET_ACCESS_KEY is set. */
  | 'CredentialsEnvIncomplete'
  /** An access key id or secret has characters a signer cannot carry, or the file is not valid. */
  | 'CredentialsInvalid'

export class CredentialsError extends VergeError<CredentialsErrorCode> {
  constructor(code: CredentialsErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options)
    this.name = 'CredentialsError'
  }
}
