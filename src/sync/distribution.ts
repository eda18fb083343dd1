/**
 * A distribution as the control plane sends it to edges: JSON-friendly, with AWS's member names.
 * The XML envelopes (`{Quantity, Items}`) are flattened into arrays; everything else keeps its
 * CloudFront name and meaning.
 */

/** `OriginCustomHeader`: added to every request sent to the origin. */
export interface OriginCustomHeader {
  HeaderName: string
  HeaderValue: string
}

export type OriginProtocolPolicy = 'http-only' | 'match-viewer' | 'https-only'

/** `CustomOriginConfig`. Timeouts are in seconds, as in CloudFront. */
export interface CustomOriginConfig {
  HTTPPort: number
  HTTPSPort: number
  OriginProtocolPolicy: OriginProtocolPolicy
  /** Seconds to wait for a response (and between body packets); CloudFront's default is 30. */
  OriginReadTimeout?: number
  /** Seconds an idle origin connection is kept; CloudFront's default is 5. */
  OriginKeepaliveTimeout?: number
  OriginSslProtocols?: string[]
}

/** `Origin`: where a cache behavior sends cache misses. */
export interface Origin {
  Id: string
  DomainName: string
  /** Prefixed to the request's uri on origin requests ("" for none). */
  OriginPath: string
  CustomHeaders: OriginCustomHeader[]
  /** 1-3; CloudFront's default is 3. */
  ConnectionAttempts?: number
  /** Seconds, 1-10; CloudFront's default is 10. */
  ConnectionTimeout?: number
  CustomOriginConfig?: CustomOriginConfig
  S3OriginConfig?: { OriginAccessIdentity: string }
}

export type FunctionEventType = 'viewer-request' | 'viewer-response'

/** `FunctionAssociation`: a LIVE CloudFront function run on one event of a cache behavior. */
export interface FunctionAssociation {
  FunctionARN: string
  EventType: FunctionEventType
}

/** The deprecated `ForwardedValues`: what reaches the origin and the cache key. */
export interface ForwardedValues {
  QueryString: boolean
  Cookies?: { Forward: 'none' | 'whitelist' | 'all'; WhitelistedNames?: string[] }
  Headers?: string[]
  /** With `QueryString` true: only these parameters are in the cache key (all are forwarded). */
  QueryStringCacheKeys?: string[]
}

export type ViewerProtocolPolicy = 'allow-all' | 'https-only' | 'redirect-to-https'

/** `DefaultCacheBehavior`: a `CacheBehavior` without a path pattern (it matches everything). */
export interface DefaultCacheBehavior {
  TargetOriginId: string
  ViewerProtocolPolicy: ViewerProtocolPolicy
  FunctionAssociations: FunctionAssociation[]
  /** Seconds. */
  MinTTL?: number
  DefaultTTL?: number
  MaxTTL?: number
  ForwardedValues?: ForwardedValues
  CachePolicyId?: string
  /** Methods the behavior accepts; CloudFront's default is `['HEAD', 'GET']`. */
  AllowedMethods?: string[]
  /** Methods whose responses are cached; CloudFront's default is `['HEAD', 'GET']`. */
  CachedMethods?: string[]
  Compress?: boolean
}

/** `CacheBehavior`: the members of the default behavior plus `PathPattern`. */
export interface CacheBehavior extends DefaultCacheBehavior {
  PathPattern: string
}

/** `DistributionConfig`, the members an edge uses. */
export interface DistributionConfig {
  CallerReference: string
  Aliases: string[]
  Origins: Origin[]
  DefaultCacheBehavior: DefaultCacheBehavior
  CacheBehaviors: CacheBehavior[]
  Comment: string
  Enabled: boolean
  DefaultRootObject?: string
  /** Only when the distribution names an imported certificate (ACM) for its aliases. */
  ViewerCertificate?: { ACMCertificateArn: string }
}

/** One distribution as an edge holds it. */
export interface EdgeDistribution {
  /** `E1U5RQF7T870K0`. */
  Id: string
  /** The distribution's own host name, `d111111abcdef8.cloudfront.net` in AWS. */
  DomainName: string
  ARN: string
  Config: DistributionConfig
}

/** CloudFront's defaults in a distribution response (docs/compatibility.md, "Distributions"). */
export const DEFAULT_TTL_SECONDS = 86_400
export const DEFAULT_MAX_TTL_SECONDS = 31_536_000
export const DEFAULT_CONNECTION_ATTEMPTS = 3
export const DEFAULT_CONNECTION_TIMEOUT_SECONDS = 10
export const DEFAULT_ORIGIN_READ_TIMEOUT_SECONDS = 30
export const DEFAULT_ORIGIN_KEEPALIVE_TIMEOUT_SECONDS = 5
export const DEFAULT_ALLOWED_METHODS: readonly string[] = Object.freeze(['HEAD', 'GET'])

/** The managed cache policy `Managed-CachingDisabled`: TTLs 0, nothing in the key. */
export const CACHING_DISABLED_POLICY_ID = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad'
/** The managed cache policy `Managed-CachingOptimized`: TTLs 1 / 86400 / 31536000, no query. */
export const CACHING_OPTIMIZED_POLICY_ID = '658327ea-f89d-4fab-a63d-7e88639e58f6'

/** The TTLs of a behavior in seconds, defaults filled in. */
export interface BehaviorTtls {
  MinTTL: number
  DefaultTTL: number
  MaxTTL: number
}

/**
 * A behavior's TTLs: the two managed cache policies an edge knows by id, else the legacy
 * `MinTTL`/`DefaultTTL`/`MaxTTL` with CloudFront's defaults (0 / 86400 / 31536000).
 */
export function behaviorTtls(behavior: DefaultCacheBehavior): BehaviorTtls {
  if (behavior.CachePolicyId === CACHING_DISABLED_POLICY_ID) return { MinTTL: 0, DefaultTTL: 0, MaxTTL: 0 }
  if (behavior.CachePolicyId === CACHING_OPTIMIZED_POLICY_ID) {
    return { MinTTL: 1, DefaultTTL: DEFAULT_TTL_SECONDS, MaxTTL: DEFAULT_MAX_TTL_SECONDS }
  }
  return {
    MinTTL: behavior.MinTTL ?? 0,
    DefaultTTL: behavior.DefaultTTL ?? DEFAULT_TTL_SECONDS,
    MaxTTL: behavior.MaxTTL ?? DEFAULT_MAX_TTL_SECONDS,
  }
}
