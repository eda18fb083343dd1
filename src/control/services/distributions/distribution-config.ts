import type {
  CacheBehavior,
  CustomOriginConfig,
  DistributionConfig,
  FunctionAssociation,
  Origin,
  OriginProtocolPolicy,
} from '../../../sync/index.js'
import {
  boolean,
  type ConfigTree,
  emptyList,
  integer,
  oneOf,
  subtree,
  text,
  textList,
  treeList,
  withDefault,
} from '../../api/aws-cloudfront/xml-tree.js'
import { ControlError } from '../../errors.js'
import { readBehavior, readPathPattern } from './distribution-behavior.js'

/** A checked `DistributionConfig`: the tree to echo (defaults filled) and what edges hold. */
export interface NormalizedDistributionConfig {
  /** The `DistributionConfig` as received, with CloudFront's defaults added. */
  tree: ConfigTree
  /** The members edges use, typed and flattened (`sync/distribution.ts`). */
  edge: DistributionConfig
}

const ROOT = 'DistributionConfig'
const MAX_COMMENT = 128
const HOST_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/
/** An origin's host: DNS labels (underscores allowed, as internal names use them) or an IPv4 address. */
const ORIGIN_HOST_NAME = /^([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/i
const ORIGIN_PROTOCOL_POLICIES: readonly OriginProtocolPolicy[] = ['http-only', 'match-viewer', 'https-only']

function invalid(message: string): never {
  throw new ControlError('InvalidArgument', message)
}

function readCustomOrigin(tree: ConfigTree, path: string): CustomOriginConfig {
  const readTimeout = integer(tree, 'OriginReadTimeout', path, { min: 1, max: 180 }) ?? 30
  const keepalive = integer(tree, 'OriginKeepaliveTimeout', path, { min: 1, max: 180 }) ?? 5
  const ssl = textList(tree, 'OriginSslProtocols', path, 'SslProtocol')
  withDefault(tree, 'OriginReadTimeout', String(readTimeout))
  withDefault(tree, 'OriginKeepaliveTimeout', String(keepalive))
  withDefault(tree, 'OriginSslProtocols', { Quantity: '1', Items: { SslProtocol: ['TLSv1.2'] } })
  return {
    HTTPPort: integer(tree, 'HTTPPort', path, { min: 1, max: 65535, required: true }) as number,
    HTTPSPort: integer(tree, 'HTTPSPort', path, { min: 1, max: 65535, required: true }) as number,
    OriginProtocolPolicy: oneOf(
      tree,
      'OriginProtocolPolicy',
      path,
      ORIGIN_PROTOCOL_POLICIES,
      true,
    ) as OriginProtocolPolicy,
    OriginReadTimeout: readTimeout,
    OriginKeepaliveTimeout: keepalive,
    ...(ssl.length > 0 ? { OriginSslProtocols: ssl } : {}),
  }
}

function readOrigin(tree: ConfigTree, path: string): Origin {
  const id = text(tree, 'Id', path, true)
  if (id === '') invalid(`${path}.Id must not be empty.`)
  const domainName = text(tree, 'DomainName', path, true)
  if (domainName === '') invalid(`${path}.DomainName must not be empty.`)
  if (domainName.length > 253 || !ORIGIN_HOST_NAME.test(domainName)) {
    // A port, scheme or path here would only fail at the edge: ports go in HTTPPort/HTTPSPort.
    invalid(
      `${path}.DomainName ${JSON.stringify(domainName)} is not a host name (put a port in CustomOriginConfig's HTTPPort or HTTPSPort).`,
    )
  }
  const originPath = text(tree, 'OriginPath', path) ?? ''
  if (originPath !== '' && (!originPath.startsWith('/') || originPath.endsWith('/'))) {
    invalid(`${path}.OriginPath must begin with / and not end with / (or be empty).`)
  }
  const headers = treeList(tree, 'CustomHeaders', path, 'OriginCustomHeader').map((header, i) => ({
    HeaderName: text(header, 'HeaderName', `${path}.CustomHeaders.Items[${i}]`, true),
    HeaderValue: text(header, 'HeaderValue', `${path}.CustomHeaders.Items[${i}]`, true),
  }))
  const attempts = integer(tree, 'ConnectionAttempts', path, { min: 1, max: 3 }) ?? 3
  const timeout = integer(tree, 'ConnectionTimeout', path, { min: 1, max: 10 }) ?? 10
  const custom = subtree(tree, 'CustomOriginConfig', path)
  const s3 = subtree(tree, 'S3OriginConfig', path)
  if ((custom === undefined) === (s3 === undefined)) {
    invalid(`${path} must have exactly one of CustomOriginConfig and S3OriginConfig.`)
  }
  withDefault(tree, 'OriginPath', '')
  withDefault(tree, 'CustomHeaders', emptyList())
  withDefault(tree, 'ConnectionAttempts', String(attempts))
  withDefault(tree, 'ConnectionTimeout', String(timeout))
  return {
    Id: id,
    DomainName: domainName,
    OriginPath: originPath,
    CustomHeaders: headers,
    ConnectionAttempts: attempts,
    ConnectionTimeout: timeout,
    ...(custom === undefined
      ? {}
      : { CustomOriginConfig: readCustomOrigin(custom, `${path}.CustomOriginConfig`) }),
    ...(s3 === undefined
      ? {}
      : {
          S3OriginConfig: {
            OriginAccessIdentity: text(s3, 'OriginAccessIdentity', `${path}.S3OriginConfig`) ?? '',
          },
        }),
  }
}

function readAliases(tree: ConfigTree): string[] {
  const aliases = textList(tree, 'Aliases', ROOT, 'CNAME')
  const seen = new Set<string>()
  for (const alias of aliases) {
    const name = alias.toLowerCase()
    if (name.length > 253 || !HOST_NAME.test(name))
      invalid(`Aliases: ${JSON.stringify(alias)} is not a valid domain name.`)
    if (seen.has(name)) invalid(`Aliases: ${alias} is listed twice.`)
    seen.add(name)
  }
  return aliases
}

/**
 * Checks a `DistributionConfig` for everything an edge relies on: required
 * members, `Quantity` against `Items`, unique origin ids, every `TargetOriginId` an origin, legal
 * and unique path patterns, function event types, TTL order, aliases. Fills CloudFront's
 * defaults into a copy of the tree. Whether the functions are LIVE and the aliases free is the
 * service's check (it needs state).
 */
export function normalizeDistributionConfig(input: ConfigTree): NormalizedDistributionConfig {
  const tree = structuredClone(input)
  const callerReference = text(tree, 'CallerReference', ROOT, true)
  if (callerReference === '') invalid('DistributionConfig.CallerReference must not be empty.')
  const comment = text(tree, 'Comment', ROOT, true)
  if (comment.length > MAX_COMMENT)
    invalid(`DistributionConfig.Comment must be at most ${MAX_COMMENT} characters.`)
  const enabled = boolean(tree, 'Enabled', ROOT, true) as boolean
  const aliases = readAliases(tree)
  const originTrees = treeList(tree, 'Origins', ROOT, 'Origin', true)
  if (originTrees.length === 0) invalid('DistributionConfig.Origins must hold at least one origin.')
  const origins = originTrees.map((origin, i) => readOrigin(origin, `${ROOT}.Origins.Items[${i}]`))
  const originIds = new Set<string>()
  for (const origin of origins) {
    if (originIds.has(origin.Id)) invalid(`DistributionConfig.Origins: the Id ${origin.Id} is used twice.`)
    originIds.add(origin.Id)
  }
  const defaultBehavior = readBehavior(
    subtree(tree, 'DefaultCacheBehavior', ROOT, true),
    `${ROOT}.DefaultCacheBehavior`,
    originIds,
  )
  const patterns = new Set<string>()
  const behaviors: CacheBehavior[] = treeList(tree, 'CacheBehaviors', ROOT, 'CacheBehavior').map((b, i) => {
    const path = `${ROOT}.CacheBehaviors.Items[${i}]`
    const pattern = readPathPattern(b, path)
    if (patterns.has(pattern)) invalid(`${path}.PathPattern ${pattern} is used by an earlier behavior.`)
    patterns.add(pattern)
    return { PathPattern: pattern, ...readBehavior(b, path, originIds) }
  })
  const defaultRootObject = text(tree, 'DefaultRootObject', ROOT)
  if (defaultRootObject?.startsWith('/')) {
    invalid('DistributionConfig.DefaultRootObject must not begin with /.')
  }
  withDefault(tree, 'Aliases', emptyList())
  withDefault(tree, 'DefaultRootObject', '')
  withDefault(tree, 'CacheBehaviors', emptyList())
  withDefault(tree, 'CustomErrorResponses', emptyList())
  withDefault(tree, 'PriceClass', 'PriceClass_All')
  withDefault(tree, 'ViewerCertificate', { CloudFrontDefaultCertificate: 'true' })
  withDefault(tree, 'Restrictions', { GeoRestriction: { RestrictionType: 'none', Quantity: '0' } })
  withDefault(tree, 'WebACLId', '')
  withDefault(tree, 'HttpVersion', 'http2')
  withDefault(tree, 'IsIPV6Enabled', 'true')
  return {
    tree,
    edge: {
      CallerReference: callerReference,
      Aliases: aliases,
      Origins: origins,
      DefaultCacheBehavior: defaultBehavior,
      CacheBehaviors: behaviors,
      Comment: comment,
      Enabled: enabled,
      ...(defaultRootObject === undefined || defaultRootObject === ''
        ? {}
        : { DefaultRootObject: defaultRootObject }),
    },
  }
}

/** Every function ARN the distribution associates, default behavior first. */
export function associatedFunctionArns(config: DistributionConfig): string[] {
  const all: FunctionAssociation[] = [
    ...config.DefaultCacheBehavior.FunctionAssociations,
    ...config.CacheBehaviors.flatMap((b) => b.FunctionAssociations),
  ]
  return [...new Set(all.map((a) => a.FunctionARN))]
}
