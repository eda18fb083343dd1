import { VergeError } from '../shared/index.js'

/**
 * What the control-plane services refuse, named after CloudFront's errors. Each HTTP API maps
 * these codes to its own wire errors in one file (`api/aws-kvs/kvs-errors.ts` for the KVS data plane).
 */
export type ControlErrorCode =
  /** The named store, key or other entity does not exist. */
  | 'EntityNotFound'
  | 'EntityAlreadyExists'
  /** A malformed or out-of-range input: a name, a key or value over its limit, a bad token. */
  | 'InvalidArgument'
  /** `If-Match` names a version that is not the current one. */
  | 'PreconditionFailed'
  /** `If-Match` is missing where it is required. */
  | 'InvalidIfMatchVersion'
  /** Too many of something: stores per account, keys in one UpdateKeys. */
  | 'EntityLimitExceeded'
  /** A store would grow past its size limit. */
  | 'EntitySizeLimitExceeded'
  | 'CannotDeleteEntityWhileInUse'
  /** The store is not READY (still PROVISIONING, or its import failed). */
  | 'ResourceNotReady'

export class ControlError extends VergeError<ControlErrorCode> {
  constructor(code: ControlErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options)
    this.name = 'ControlError'
  }
}

/**
 * What only functions and distributions refuse, named exactly as CloudFront's error shapes
 * (CloudFront API Reference); `api/aws-cloudfront/cloudfront-errors.ts` maps them to statuses.
 */
export type CloudFrontErrorCode =
  | 'NoSuchFunctionExists'
  | 'FunctionAlreadyExists'
  | 'FunctionInUse'
  | 'FunctionSizeLimitExceeded'
  | 'TooManyFunctions'
  | 'TestFunctionFailed'
  | 'NoSuchDistribution'
  | 'DistributionAlreadyExists'
  | 'DistributionNotDisabled'
  | 'TooManyDistributions'
  | 'CNAMEAlreadyExists'
  | 'InconsistentQuantities'
  | 'NoSuchOrigin'
  | 'InvalidTTLOrder'
  | 'InvalidFunctionAssociation'
  | 'TooManyFunctionAssociations'
  | 'IllegalUpdate'
  | 'NoSuchCachePolicy'
  | 'InvalidViewerCertificate'

export class CloudFrontError extends VergeError<CloudFrontErrorCode> {
  constructor(code: CloudFrontErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options)
    this.name = 'CloudFrontError'
  }
}

/**
 * What the certificate service refuses, named exactly as ACM's error shapes (AWS Certificate
 * Manager API Reference); `api/aws-acm/acm-errors.ts` puts them on the wire.
 */
export type CertificateErrorCode =
  | 'ResourceNotFoundException'
  | 'ResourceInUseException'
  | 'InvalidArnException'
  | 'ValidationException'
  | 'InvalidParameterException'
  | 'LimitExceededException'
  | 'InvalidArgsException'

export class CertificateError extends VergeError<CertificateErrorCode> {
  constructor(code: CertificateErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options)
    this.name = 'CertificateError'
  }
}
