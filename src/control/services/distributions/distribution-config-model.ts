import type { OriginProtocolPolicy, ViewerProtocolPolicy } from '../../../sync/index.js'

/**
 * CloudFront's `DistributionConfig` (CloudFront API Reference, DistributionConfig), every member
 * Verge accepts, with AWS's names. A wrapped list (`{Quantity, Items}` on the wire) is an array
 * here: `Quantity` is its length. A wrapped list that carries other members besides (`AllowedMethods`,
 * `GeoRestriction`, `TrustedSigners`) is a structure with those members and `Items`.
 * The services take and return this; the CloudFront API reads and writes it as XML
 * (`api/aws-cloudfront/distribution-config-shape.ts`), the console builds it from its form.
 */
export interface DistributionConfig {
  CallerReference: string
  /** `CNAME`s. */
  Aliases?: string[]
  DefaultRootObject?: string
  Origins: Origin[]
  OriginGroups?: OriginGroup[]
  DefaultCacheBehavior: DefaultCacheBehavior
  CacheBehaviors?: CacheBehavior[]
  CustomErrorResponses?: CustomErrorResponse[]
  Comment: string
  Logging?: LoggingConfig
  PriceClass?: string
  Enabled: boolean
  ViewerCertificate?: ViewerCertificate
  Restrictions?: Restrictions
  WebACLId?: string
  HttpVersion?: string
  IsIPV6Enabled?: boolean
  ContinuousDeploymentPolicyId?: string
  Staging?: boolean
  AnycastIpListId?: string
  ConnectionMode?: string
}

export interface OriginCustomHeader {
  HeaderName: string
  HeaderValue: string
}

export interface CustomOriginConfig {
  HTTPPort: number
  HTTPSPort: number
  OriginProtocolPolicy: OriginProtocolPolicy
  /** `SslProtocol`s. */
  OriginSslProtocols?: string[]
  OriginReadTimeout?: number
  OriginKeepaliveTimeout?: number
  IpAddressType?: string
}

export interface S3OriginConfig {
  OriginAccessIdentity?: string
  OriginReadTimeout?: number
}

export interface OriginShield {
  Enabled: boolean
  OriginShieldRegion?: string
}

export interface Origin {
  Id: string
  DomainName: string
  OriginPath?: string
  CustomHeaders?: OriginCustomHeader[]
  S3OriginConfig?: S3OriginConfig
  CustomOriginConfig?: CustomOriginConfig
  ConnectionAttempts?: number
  ConnectionTimeout?: number
  ResponseCompletionTimeout?: number
  OriginShield?: OriginShield
  OriginAccessControlId?: string
}

export interface OriginGroupMember {
  OriginId: string
}

export interface OriginGroupFailoverCriteria {
  /** `StatusCode`s. */
  StatusCodes: number[]
}

export interface OriginGroup {
  Id: string
  FailoverCriteria: OriginGroupFailoverCriteria
  Members: OriginGroupMember[]
  SelectionCriteria?: string
}

/** `TrustedSigners` and `TrustedKeyGroups`: `Enabled` plus the list. */
export interface TrustedList {
  Enabled: boolean
  Items: string[]
}

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'OPTIONS' | 'DELETE'

export interface AllowedMethods {
  Items: Method[]
  CachedMethods?: Method[]
}

export interface LambdaFunctionAssociation {
  LambdaFunctionARN: string
  EventType: string
  IncludeBody?: boolean
}

/** `EventType` is any of CloudFront's; only the viewer events take a CloudFront function. */
export interface FunctionAssociation {
  FunctionARN: string
  EventType: string
}

export interface CookiePreference {
  Forward: 'none' | 'whitelist' | 'all'
  /** Cookie `Name`s. */
  WhitelistedNames?: string[]
}

export interface ForwardedValues {
  QueryString: boolean
  Cookies: CookiePreference
  /** Header `Name`s. */
  Headers?: string[]
  /** Query parameter `Name`s. */
  QueryStringCacheKeys?: string[]
}

export interface GrpcConfig {
  Enabled: boolean
}

export interface DefaultCacheBehavior {
  TargetOriginId: string
  TrustedSigners?: TrustedList
  TrustedKeyGroups?: TrustedList
  ViewerProtocolPolicy: ViewerProtocolPolicy
  AllowedMethods?: AllowedMethods
  SmoothStreaming?: boolean
  Compress?: boolean
  LambdaFunctionAssociations?: LambdaFunctionAssociation[]
  FunctionAssociations?: FunctionAssociation[]
  FieldLevelEncryptionId?: string
  RealtimeLogConfigArn?: string
  CachePolicyId?: string
  OriginRequestPolicyId?: string
  ResponseHeadersPolicyId?: string
  GrpcConfig?: GrpcConfig
  ForwardedValues?: ForwardedValues
  /** Seconds. */
  MinTTL?: number
  DefaultTTL?: number
  MaxTTL?: number
}

export interface CacheBehavior extends DefaultCacheBehavior {
  PathPattern: string
}

export interface CustomErrorResponse {
  ErrorCode: number
  ResponsePagePath?: string
  /** A status code as a string, as in the model ("" for the origin's). */
  ResponseCode?: string
  ErrorCachingMinTTL?: number
}

export interface LoggingConfig {
  Enabled: boolean
  IncludeCookies: boolean
  Bucket: string
  Prefix: string
}

export interface ViewerCertificate {
  CloudFrontDefaultCertificate?: boolean
  IAMCertificateId?: string
  ACMCertificateArn?: string
  SSLSupportMethod?: string
  MinimumProtocolVersion?: string
  Certificate?: string
  CertificateSource?: string
}

export interface GeoRestriction {
  RestrictionType: 'blacklist' | 'whitelist' | 'none'
  /** `Location`s: ISO 3166-1 alpha-2 country codes. */
  Items: string[]
}

export interface Restrictions {
  GeoRestriction: GeoRestriction
}
