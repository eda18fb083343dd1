import {
  CACHING_DISABLED_POLICY_ID,
  CACHING_OPTIMIZED_POLICY_ID,
  DEFAULT_MAX_TTL_SECONDS,
  DEFAULT_TTL_SECONDS,
  type DefaultCacheBehavior,
  type ForwardedValues,
  type FunctionAssociation,
  type FunctionEventType,
  type ViewerProtocolPolicy,
} from '../../../sync/index.js'
import {
  boolean,
  type ConfigTree,
  emptyList,
  integer,
  list,
  oneOf,
  subtree,
  text,
  textList,
  treeList,
  withDefault,
  wrappedItems,
} from '../../api/aws-cloudfront/xml-tree.js'
import { CloudFrontError, ControlError } from '../../errors.js'
import { parseFunctionArn } from '../functions/function-view.js'

const VIEWER_PROTOCOL_POLICIES: readonly ViewerProtocolPolicy[] = [
  'allow-all',
  'https-only',
  'redirect-to-https',
]
const EVENT_TYPES: readonly string[] = ['viewer-request', 'viewer-response']
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'OPTIONS', 'DELETE'])
/** Max 255 characters of `A-Z a-z 0-9 _ - . * $ / ~ " ' @ : +`, `&` and `?` ('Path pattern' setting). */
const PATH_PATTERN = /^[A-Za-z0-9_\-.*$/~"'@:+&?]{1,255}$/
const KNOWN_CACHE_POLICIES = new Set([CACHING_DISABLED_POLICY_ID, CACHING_OPTIMIZED_POLICY_ID])

function invalid(message: string): never {
  throw new ControlError('InvalidArgument', message)
}

function methods(wrapper: ConfigTree, path: string): string[] {
  const items = wrappedItems(wrapper, path, 'Method')
  for (const method of items) {
    if (typeof method !== 'string' || !METHODS.has(method))
      invalid(`${path} holds an unknown method ${JSON.stringify(method)}.`)
  }
  return items as string[]
}

function functionAssociations(tree: ConfigTree, path: string): FunctionAssociation[] {
  const items = treeList(tree, 'FunctionAssociations', path, 'FunctionAssociation')
  if (items.length > 2) {
    throw new CloudFrontError(
      'TooManyFunctionAssociations',
      `${path}: at most one function per event type (2 in all).`,
    )
  }
  const seen = new Set<string>()
  return items.map((item, i) => {
    const where = `${path}.FunctionAssociations.Items[${i}]`
    const arn = text(item, 'FunctionARN', where, true)
    const eventType = text(item, 'EventType', where, true)
    if (!EVENT_TYPES.includes(eventType)) {
      throw new CloudFrontError(
        'InvalidFunctionAssociation',
        `${where}.EventType must be viewer-request or viewer-response for CloudFront Functions, not ${JSON.stringify(eventType)}.`,
      )
    }
    if (seen.has(eventType)) {
      throw new CloudFrontError(
        'InvalidFunctionAssociation',
        `${path} associates two functions with ${eventType}.`,
      )
    }
    seen.add(eventType)
    if (parseFunctionArn(arn) === undefined) {
      throw new CloudFrontError(
        'InvalidFunctionAssociation',
        `${where}.FunctionARN ${JSON.stringify(arn)} is not a function ARN.`,
      )
    }
    return { FunctionARN: arn, EventType: eventType as FunctionEventType }
  })
}

function forwardedValues(tree: ConfigTree, path: string): ForwardedValues | undefined {
  const fv = subtree(tree, 'ForwardedValues', path)
  if (fv === undefined) return undefined
  const where = `${path}.ForwardedValues`
  const cookies = subtree(fv, 'Cookies', where, true)
  const forward = oneOf(
    cookies,
    'Forward',
    `${where}.Cookies`,
    ['none', 'whitelist', 'all'] as const,
    true,
  ) as 'none' | 'whitelist' | 'all'
  const whitelisted = textList(cookies, 'WhitelistedNames', `${where}.Cookies`, 'Name')
  const headers = textList(fv, 'Headers', where, 'Name')
  const keys = textList(fv, 'QueryStringCacheKeys', where, 'Name')
  return {
    QueryString: boolean(fv, 'QueryString', where, true) as boolean,
    Cookies: { Forward: forward, ...(whitelisted.length > 0 ? { WhitelistedNames: whitelisted } : {}) },
    ...(headers.length > 0 ? { Headers: headers } : {}),
    ...(keys.length > 0 ? { QueryStringCacheKeys: keys } : {}),
  }
}

/**
 * Checks one cache behavior (`path` names it in messages) and fills CloudFront's defaults into
 * its tree (CloudFront API Reference, CacheBehavior): origin, policy, functions, TTL order,
 * methods. Returns the behavior as edges hold it.
 */
export function readBehavior(
  tree: ConfigTree,
  path: string,
  originIds: ReadonlySet<string>,
): DefaultCacheBehavior {
  const target = text(tree, 'TargetOriginId', path, true)
  if (!originIds.has(target)) {
    throw new CloudFrontError(
      'NoSuchOrigin',
      `${path}.TargetOriginId ${JSON.stringify(target)} names no origin.`,
    )
  }
  const viewerProtocolPolicy = oneOf(
    tree,
    'ViewerProtocolPolicy',
    path,
    VIEWER_PROTOCOL_POLICIES,
    true,
  ) as ViewerProtocolPolicy
  const associations = functionAssociations(tree, path)
  if (list(tree, 'LambdaFunctionAssociations', path, 'LambdaFunctionAssociation').length > 0) {
    invalid(`${path}: Lambda@Edge associations are not supported; use CloudFront Functions.`)
  }
  const cachePolicyId = text(tree, 'CachePolicyId', path)
  if (cachePolicyId !== undefined && cachePolicyId !== '' && !KNOWN_CACHE_POLICIES.has(cachePolicyId)) {
    throw new CloudFrontError(
      'NoSuchCachePolicy',
      `${path}.CachePolicyId ${cachePolicyId} is not a cache policy Verge knows (Managed-CachingOptimized, Managed-CachingDisabled).`,
    )
  }
  const forwarded = forwardedValues(tree, path)
  const usesPolicy = cachePolicyId !== undefined && cachePolicyId !== ''
  if (!usesPolicy && forwarded === undefined) {
    invalid(`${path} must include either a CachePolicyId or ForwardedValues.`)
  }
  const minTtl = integer(tree, 'MinTTL', path, { min: 0 })
  const maxTtl = integer(tree, 'MaxTTL', path, { min: 0 })
  const defaultTtl = integer(tree, 'DefaultTTL', path, { min: 0 })
  const min = minTtl ?? 0
  const dflt = defaultTtl ?? Math.max(min, Math.min(DEFAULT_TTL_SECONDS, maxTtl ?? DEFAULT_TTL_SECONDS))
  const max = maxTtl ?? Math.max(dflt, DEFAULT_MAX_TTL_SECONDS)
  if (min > dflt || dflt > max) {
    throw new CloudFrontError(
      'InvalidTTLOrder',
      `${path}: MinTTL (${min}) ≤ DefaultTTL (${dflt}) ≤ MaxTTL (${max}) must hold.`,
    )
  }
  const allowedTree = subtree(tree, 'AllowedMethods', path)
  let allowed = ['HEAD', 'GET']
  let cached = ['HEAD', 'GET']
  if (allowedTree !== undefined) {
    allowed = methods(allowedTree, `${path}.AllowedMethods`)
    const cachedTree = subtree(allowedTree, 'CachedMethods', `${path}.AllowedMethods`)
    if (cachedTree !== undefined) cached = methods(cachedTree, `${path}.AllowedMethods.CachedMethods`)
    else allowedTree.CachedMethods = { Quantity: '2', Items: { Method: ['HEAD', 'GET'] } }
  } else {
    tree.AllowedMethods = {
      Quantity: '2',
      Items: { Method: ['HEAD', 'GET'] },
      CachedMethods: { Quantity: '2', Items: { Method: ['HEAD', 'GET'] } },
    }
  }
  const compress = boolean(tree, 'Compress', path)
  boolean(tree, 'SmoothStreaming', path)
  withDefault(tree, 'FunctionAssociations', emptyList())
  withDefault(tree, 'LambdaFunctionAssociations', emptyList())
  withDefault(tree, 'SmoothStreaming', 'false')
  withDefault(tree, 'Compress', 'false')
  if (!usesPolicy) {
    withDefault(tree, 'MinTTL', String(min))
    withDefault(tree, 'DefaultTTL', String(dflt))
    withDefault(tree, 'MaxTTL', String(max))
  }
  return {
    TargetOriginId: target,
    ViewerProtocolPolicy: viewerProtocolPolicy,
    FunctionAssociations: associations,
    ...(usesPolicy ? { CachePolicyId: cachePolicyId } : { MinTTL: min, DefaultTTL: dflt, MaxTTL: max }),
    ...(forwarded === undefined ? {} : { ForwardedValues: forwarded }),
    AllowedMethods: allowed,
    CachedMethods: cached,
    Compress: compress ?? false,
  }
}

/** A cache behavior's `PathPattern` ('Cache behavior settings: Path pattern'). */
export function readPathPattern(tree: ConfigTree, path: string): string {
  const pattern = text(tree, 'PathPattern', path, true)
  if (!PATH_PATTERN.test(pattern)) {
    invalid(
      `${path}.PathPattern ${JSON.stringify(pattern)} is not valid: at most 255 characters of A-Z a-z 0-9 _ - . * $ / ~ " ' @ : + & ?.`,
    )
  }
  return pattern
}
