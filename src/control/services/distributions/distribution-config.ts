import type {
  CacheBehavior as EdgeCacheBehavior,
  CustomOriginConfig as EdgeCustomOriginConfig,
  DistributionConfig as EdgeDistributionConfig,
  FunctionAssociation as EdgeFunctionAssociation,
  Origin as EdgeOrigin,
} from '../../../sync/index.js'
import { ControlError } from '../../errors.js'
import { readBehavior, readPathPattern } from './distribution-behavior.js'
import type { CustomOriginConfig, DistributionConfig, Origin } from './distribution-config-model.js'
import { inRange } from './distribution-ranges.js'

/** A checked `DistributionConfig`: the config to keep and echo (defaults filled) and what edges hold. */
export interface NormalizedDistributionConfig {
  /** The `DistributionConfig` as received, with CloudFront's defaults added. */
  config: DistributionConfig
  /** The members edges use, typed and flattened (`sync/distribution.ts`). */
  edge: EdgeDistributionConfig
}

const ROOT = 'DistributionConfig'
const MAX_COMMENT = 128
const HOST_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/
/** An origin's host: DNS labels (underscores allowed, as internal names use them) or an IPv4 address. */
const ORIGIN_HOST_NAME = /^([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/i

function invalid(message: string): never {
  throw new ControlError('InvalidArgument', message)
}

function readCustomOrigin(custom: CustomOriginConfig, path: string): EdgeCustomOriginConfig {
  const ssl = custom.OriginSslProtocols ?? []
  custom.OriginReadTimeout = inRange(custom.OriginReadTimeout, `${path}.OriginReadTimeout`, 1, 180) ?? 30
  custom.OriginKeepaliveTimeout =
    inRange(custom.OriginKeepaliveTimeout, `${path}.OriginKeepaliveTimeout`, 1, 180) ?? 5
  custom.OriginSslProtocols ??= ['TLSv1.2']
  return {
    HTTPPort: inRange(custom.HTTPPort, `${path}.HTTPPort`, 1, 65535) as number,
    HTTPSPort: inRange(custom.HTTPSPort, `${path}.HTTPSPort`, 1, 65535) as number,
    OriginProtocolPolicy: custom.OriginProtocolPolicy,
    OriginReadTimeout: custom.OriginReadTimeout,
    OriginKeepaliveTimeout: custom.OriginKeepaliveTimeout,
    ...(ssl.length > 0 ? { OriginSslProtocols: ssl } : {}),
  }
}

function readOrigin(origin: Origin, path: string): EdgeOrigin {
  if (origin.Id === '') invalid(`${path}.Id must not be empty.`)
  const domainName = origin.DomainName
  if (domainName === '') invalid(`${path}.DomainName must not be empty.`)
  if (domainName.length > 253 || !ORIGIN_HOST_NAME.test(domainName)) {
    // A port, scheme or path here would only fail at the edge: ports go in HTTPPort/HTTPSPort.
    invalid(
      `${path}.DomainName ${JSON.stringify(domainName)} is not a host name (put a port in CustomOriginConfig's HTTPPort or HTTPSPort).`,
    )
  }
  const originPath = origin.OriginPath ?? ''
  if (originPath !== '' && (!originPath.startsWith('/') || originPath.endsWith('/'))) {
    invalid(`${path}.OriginPath must begin with / and not end with / (or be empty).`)
  }
  const { CustomOriginConfig: custom, S3OriginConfig: s3 } = origin
  if ((custom === undefined) === (s3 === undefined)) {
    invalid(`${path} must have exactly one of CustomOriginConfig and S3OriginConfig.`)
  }
  origin.OriginPath = originPath
  origin.CustomHeaders ??= []
  origin.ConnectionAttempts = inRange(origin.ConnectionAttempts, `${path}.ConnectionAttempts`, 1, 3) ?? 3
  origin.ConnectionTimeout = inRange(origin.ConnectionTimeout, `${path}.ConnectionTimeout`, 1, 10) ?? 10
  return {
    Id: origin.Id,
    DomainName: domainName,
    OriginPath: originPath,
    CustomHeaders: origin.CustomHeaders.map((h) => ({
      HeaderName: h.HeaderName,
      HeaderValue: h.HeaderValue,
    })),
    ConnectionAttempts: origin.ConnectionAttempts,
    ConnectionTimeout: origin.ConnectionTimeout,
    ...(custom === undefined
      ? {}
      : { CustomOriginConfig: readCustomOrigin(custom, `${path}.CustomOriginConfig`) }),
    ...(s3 === undefined ? {} : { S3OriginConfig: { OriginAccessIdentity: s3.OriginAccessIdentity ?? '' } }),
  }
}

function readAliases(aliases: readonly string[]): string[] {
  const seen = new Set<string>()
  for (const alias of aliases) {
    const name = alias.toLowerCase()
    if (name.length > 253 || !HOST_NAME.test(name))
      invalid(`Aliases: ${JSON.stringify(alias)} is not a valid domain name.`)
    if (seen.has(name)) invalid(`Aliases: ${alias} is listed twice.`)
    seen.add(name)
  }
  return [...aliases]
}

/**
 * Checks a `DistributionConfig` for everything an edge relies on: unique origin ids, every
 * `TargetOriginId` an origin, legal and unique path patterns, function event types, ranges,
 * TTL order, aliases. Fills CloudFront's defaults into a copy. Whether the functions are LIVE
 * and the aliases free is the service's check (it needs state). Members and their kinds were
 * checked where the config was read (the API's XML shapes, the console's form).
 */
export function normalizeDistributionConfig(input: DistributionConfig): NormalizedDistributionConfig {
  const config = structuredClone(input)
  if (config.CallerReference === '') invalid('DistributionConfig.CallerReference must not be empty.')
  if (config.Comment.length > MAX_COMMENT)
    invalid(`DistributionConfig.Comment must be at most ${MAX_COMMENT} characters.`)
  const aliases = readAliases(config.Aliases ?? [])
  if (config.Origins.length === 0) invalid('DistributionConfig.Origins must hold at least one origin.')
  const origins = config.Origins.map((origin, i) => readOrigin(origin, `${ROOT}.Origins.Items[${i}]`))
  const originIds = new Set<string>()
  for (const origin of origins) {
    if (originIds.has(origin.Id)) invalid(`DistributionConfig.Origins: the Id ${origin.Id} is used twice.`)
    originIds.add(origin.Id)
  }
  const defaultBehavior = readBehavior(config.DefaultCacheBehavior, `${ROOT}.DefaultCacheBehavior`, originIds)
  const patterns = new Set<string>()
  const behaviors: EdgeCacheBehavior[] = (config.CacheBehaviors ?? []).map((b, i) => {
    const path = `${ROOT}.CacheBehaviors.Items[${i}]`
    const pattern = readPathPattern(b, path)
    if (patterns.has(pattern)) invalid(`${path}.PathPattern ${pattern} is used by an earlier behavior.`)
    patterns.add(pattern)
    return { PathPattern: pattern, ...readBehavior(b, path, originIds) }
  })
  const defaultRootObject = config.DefaultRootObject
  if (defaultRootObject?.startsWith('/')) {
    invalid('DistributionConfig.DefaultRootObject must not begin with /.')
  }
  config.Aliases ??= []
  config.DefaultRootObject ??= ''
  config.CacheBehaviors ??= []
  config.CustomErrorResponses ??= []
  config.PriceClass ??= 'PriceClass_All'
  config.ViewerCertificate ??= { CloudFrontDefaultCertificate: true }
  config.Restrictions ??= { GeoRestriction: { RestrictionType: 'none', Items: [] } }
  config.WebACLId ??= ''
  config.HttpVersion ??= 'http2'
  config.IsIPV6Enabled ??= true
  return {
    config,
    edge: {
      CallerReference: config.CallerReference,
      Aliases: aliases,
      Origins: origins,
      DefaultCacheBehavior: defaultBehavior,
      CacheBehaviors: behaviors,
      Comment: config.Comment,
      Enabled: config.Enabled,
      ...(defaultRootObject === undefined || defaultRootObject === ''
        ? {}
        : { DefaultRootObject: defaultRootObject }),
    },
  }
}

/** Every function ARN the distribution associates, default behavior first. */
export function associatedFunctionArns(config: EdgeDistributionConfig): string[] {
  const all: EdgeFunctionAssociation[] = [
    ...config.DefaultCacheBehavior.FunctionAssociations,
    ...config.CacheBehaviors.flatMap((b) => b.FunctionAssociations),
  ]
  return [...new Set(all.map((a) => a.FunctionARN))]
}
