import type {
  AllowedMethods,
  CacheBehavior,
  CookiePreference,
  CustomErrorResponse,
  CustomOriginConfig,
  DefaultCacheBehavior,
  DistributionConfig,
  ForwardedValues,
  FunctionAssociation,
  GeoRestriction,
  GrpcConfig,
  LambdaFunctionAssociation,
  LoggingConfig,
  Method,
  Origin,
  OriginCustomHeader,
  OriginGroup,
  OriginGroupFailoverCriteria,
  OriginGroupMember,
  OriginShield,
  Restrictions,
  S3OriginConfig,
  TrustedList,
  ViewerCertificate,
} from '../../services/index.js'
import {
  boolean,
  integer,
  items,
  list,
  type ReadShapeOptions,
  readShape,
  type Shape,
  struct,
  text,
  writeShape,
} from './xml-shape.js'
import type { ConfigTree, ConfigValue } from './xml-tree.js'

/**
 * `DistributionConfig` as the CloudFront API Reference describes it (members in its order), for
 * CreateDistribution, UpdateDistribution, GetDistributionConfig and the `Distribution` responses.
 */

const METHODS: readonly Method[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'OPTIONS', 'DELETE']
const names = list('Name', text())

const originCustomHeader = struct<OriginCustomHeader>({ HeaderName: text(), HeaderValue: text() }, [
  'HeaderName',
  'HeaderValue',
])

const customOriginConfig = struct<CustomOriginConfig>(
  {
    HTTPPort: integer(),
    HTTPSPort: integer(),
    OriginProtocolPolicy: text(['http-only', 'match-viewer', 'https-only']),
    OriginSslProtocols: list('SslProtocol', text()),
    OriginReadTimeout: integer(),
    OriginKeepaliveTimeout: integer(),
    IpAddressType: text(),
  },
  ['HTTPPort', 'HTTPSPort', 'OriginProtocolPolicy'],
)

const origin = struct<Origin>(
  {
    Id: text(),
    DomainName: text(),
    OriginPath: text(),
    CustomHeaders: list('OriginCustomHeader', originCustomHeader),
    S3OriginConfig: struct<S3OriginConfig>(
      { OriginAccessIdentity: text(), OriginReadTimeout: integer() },
      [],
    ),
    CustomOriginConfig: customOriginConfig,
    ConnectionAttempts: integer(),
    ConnectionTimeout: integer(),
    ResponseCompletionTimeout: integer(),
    OriginShield: struct<OriginShield>({ Enabled: boolean(), OriginShieldRegion: text() }, ['Enabled']),
    OriginAccessControlId: text(),
  },
  ['Id', 'DomainName'],
)

const originGroup = struct<OriginGroup>(
  {
    Id: text(),
    FailoverCriteria: struct<OriginGroupFailoverCriteria>({ StatusCodes: list('StatusCode', integer()) }, [
      'StatusCodes',
    ]),
    Members: list('OriginGroupMember', struct<OriginGroupMember>({ OriginId: text() }, ['OriginId'])),
    SelectionCriteria: text(),
  },
  ['Id', 'FailoverCriteria', 'Members'],
)

const trustedList = (member: string) =>
  struct<TrustedList>({ Enabled: boolean(), Items: items(member, text()) }, ['Enabled', 'Items'])

const forwardedValues = struct<ForwardedValues>(
  {
    QueryString: boolean(),
    Cookies: struct<CookiePreference>(
      { Forward: text(['none', 'whitelist', 'all']), WhitelistedNames: names },
      ['Forward'],
    ),
    Headers: names,
    QueryStringCacheKeys: names,
  },
  ['QueryString', 'Cookies'],
)

const behaviorMembers = {
  TargetOriginId: text(),
  TrustedSigners: trustedList('AwsAccountNumber'),
  TrustedKeyGroups: trustedList('KeyGroup'),
  ViewerProtocolPolicy: text(['allow-all', 'https-only', 'redirect-to-https']),
  AllowedMethods: struct<AllowedMethods>(
    { Items: items('Method', text(METHODS)), CachedMethods: list('Method', text(METHODS)) },
    ['Items'],
  ),
  SmoothStreaming: boolean(),
  Compress: boolean(),
  LambdaFunctionAssociations: list(
    'LambdaFunctionAssociation',
    struct<LambdaFunctionAssociation>(
      { LambdaFunctionARN: text(), EventType: text(), IncludeBody: boolean() },
      ['LambdaFunctionARN', 'EventType'],
    ),
  ),
  FunctionAssociations: list(
    'FunctionAssociation',
    struct<FunctionAssociation>({ FunctionARN: text(), EventType: text() }, ['FunctionARN', 'EventType']),
  ),
  FieldLevelEncryptionId: text(),
  RealtimeLogConfigArn: text(),
  CachePolicyId: text(),
  OriginRequestPolicyId: text(),
  ResponseHeadersPolicyId: text(),
  GrpcConfig: struct<GrpcConfig>({ Enabled: boolean() }, ['Enabled']),
  ForwardedValues: forwardedValues,
  MinTTL: integer(),
  DefaultTTL: integer(),
  MaxTTL: integer(),
} as const

const defaultCacheBehavior = struct<DefaultCacheBehavior>(behaviorMembers, [
  'TargetOriginId',
  'ViewerProtocolPolicy',
])

const cacheBehavior = struct<CacheBehavior>({ PathPattern: text(), ...behaviorMembers }, [
  'PathPattern',
  'TargetOriginId',
  'ViewerProtocolPolicy',
])

const customErrorResponse = struct<CustomErrorResponse>(
  { ErrorCode: integer(), ResponsePagePath: text(), ResponseCode: text(), ErrorCachingMinTTL: integer() },
  ['ErrorCode'],
)

const logging = struct<LoggingConfig>(
  { Enabled: boolean(), IncludeCookies: boolean(), Bucket: text(), Prefix: text() },
  ['Enabled', 'IncludeCookies', 'Bucket', 'Prefix'],
)

const viewerCertificate = struct<ViewerCertificate>(
  {
    CloudFrontDefaultCertificate: boolean(),
    IAMCertificateId: text(),
    ACMCertificateArn: text(),
    SSLSupportMethod: text(),
    MinimumProtocolVersion: text(),
    Certificate: text(),
    CertificateSource: text(),
  },
  [],
)

const restrictions = struct<Restrictions>(
  {
    GeoRestriction: struct<GeoRestriction>(
      { RestrictionType: text(['blacklist', 'whitelist', 'none']), Items: items('Location', text()) },
      ['RestrictionType', 'Items'],
    ),
  },
  ['GeoRestriction'],
)

export const distributionConfigShape: Shape<DistributionConfig> = struct<DistributionConfig>(
  {
    CallerReference: text(),
    Aliases: list('CNAME', text()),
    DefaultRootObject: text(),
    Origins: list('Origin', origin),
    OriginGroups: list('OriginGroup', originGroup),
    DefaultCacheBehavior: defaultCacheBehavior,
    CacheBehaviors: list('CacheBehavior', cacheBehavior),
    CustomErrorResponses: list('CustomErrorResponse', customErrorResponse),
    Comment: text(),
    Logging: logging,
    PriceClass: text(),
    Enabled: boolean(),
    ViewerCertificate: viewerCertificate,
    Restrictions: restrictions,
    WebACLId: text(),
    HttpVersion: text(),
    IsIPV6Enabled: boolean(),
    ContinuousDeploymentPolicyId: text(),
    Staging: boolean(),
    AnycastIpListId: text(),
    ConnectionMode: text(),
  },
  ['CallerReference', 'Origins', 'DefaultCacheBehavior', 'Comment', 'Enabled'],
)

/** A `DistributionConfig` element as the client sent it, typed; see `readShape` for the errors. */
export function readDistributionConfig(tree: ConfigValue, options?: ReadShapeOptions): DistributionConfig {
  return readShape(distributionConfigShape, tree, 'DistributionConfig', options)
}

/** The `DistributionConfig` element of a response. */
export function distributionConfigXml(config: DistributionConfig): ConfigTree {
  return writeShape(distributionConfigShape, config) as ConfigTree
}

/**
 * A config stored as the XML-shaped tree by a Verge before typed configs: the same reader,
 * members it does not describe dropped (Verge kept and echoed them, but never used them).
 */
export function readStoredDistributionTree(tree: unknown): DistributionConfig {
  return readDistributionConfig(tree as ConfigValue, { unknown: 'ignore' })
}
