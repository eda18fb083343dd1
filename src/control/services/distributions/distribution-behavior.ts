import {
  CACHING_DISABLED_POLICY_ID,
  CACHING_OPTIMIZED_POLICY_ID,
  DEFAULT_MAX_TTL_SECONDS,
  DEFAULT_TTL_SECONDS,
  type DefaultCacheBehavior as EdgeDefaultCacheBehavior,
  type ForwardedValues as EdgeForwardedValues,
  type FunctionAssociation as EdgeFunctionAssociation,
  type FunctionEventType,
} from '../../../sync/index.js'
import { CloudFrontError, ControlError } from '../../errors.js'
import { parseFunctionArn } from '../functions/function-view.js'
import type {
  CacheBehavior,
  DefaultCacheBehavior,
  ForwardedValues,
  FunctionAssociation,
  Method,
} from './distribution-config-model.js'
import { inRange } from './distribution-ranges.js'

const EVENT_TYPES: readonly string[] = ['viewer-request', 'viewer-response']
/** Max 255 characters of `A-Z a-z 0-9 _ - . * $ / ~ " ' @ : +`, `&` and `?` ('Path pattern' setting). */
const PATH_PATTERN = /^[A-Za-z0-9_\-.*$/~"'@:+&?]{1,255}$/
const KNOWN_CACHE_POLICIES = new Set([CACHING_DISABLED_POLICY_ID, CACHING_OPTIMIZED_POLICY_ID])
const DEFAULT_METHODS: readonly Method[] = ['HEAD', 'GET']

function invalid(message: string): never {
  throw new ControlError('InvalidArgument', message)
}

function functionAssociations(
  items: readonly FunctionAssociation[],
  path: string,
): EdgeFunctionAssociation[] {
  if (items.length > 2) {
    throw new CloudFrontError(
      'TooManyFunctionAssociations',
      `${path}: at most one function per event type (2 in all).`,
    )
  }
  const seen = new Set<string>()
  return items.map((item, i) => {
    const where = `${path}.FunctionAssociations.Items[${i}]`
    const { FunctionARN: arn, EventType: eventType } = item
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

function forwardedValues(fv: ForwardedValues): EdgeForwardedValues {
  const whitelisted = fv.Cookies.WhitelistedNames ?? []
  const headers = fv.Headers ?? []
  const keys = fv.QueryStringCacheKeys ?? []
  return {
    QueryString: fv.QueryString,
    Cookies: {
      Forward: fv.Cookies.Forward,
      ...(whitelisted.length > 0 ? { WhitelistedNames: [...whitelisted] } : {}),
    },
    ...(headers.length > 0 ? { Headers: [...headers] } : {}),
    ...(keys.length > 0 ? { QueryStringCacheKeys: [...keys] } : {}),
  }
}

/**
 * Checks one cache behavior (`path` names it in messages) and fills CloudFront's defaults into
 * it (CloudFront API Reference, CacheBehavior): origin, policy, functions, TTL order,
 * methods. Returns the behavior as edges hold it.
 */
export function readBehavior(
  behavior: DefaultCacheBehavior,
  path: string,
  originIds: ReadonlySet<string>,
): EdgeDefaultCacheBehavior {
  const target = behavior.TargetOriginId
  if (!originIds.has(target)) {
    throw new CloudFrontError(
      'NoSuchOrigin',
      `${path}.TargetOriginId ${JSON.stringify(target)} names no origin.`,
    )
  }
  const associations = functionAssociations(behavior.FunctionAssociations ?? [], path)
  if ((behavior.LambdaFunctionAssociations ?? []).length > 0) {
    invalid(`${path}: Lambda@Edge associations are not supported; use CloudFront Functions.`)
  }
  const cachePolicyId = behavior.CachePolicyId
  if (cachePolicyId !== undefined && cachePolicyId !== '' && !KNOWN_CACHE_POLICIES.has(cachePolicyId)) {
    throw new CloudFrontError(
      'NoSuchCachePolicy',
      `${path}.CachePolicyId ${cachePolicyId} is not a cache policy Verge knows (Managed-CachingOptimized, Managed-CachingDisabled).`,
    )
  }
  const forwarded = behavior.ForwardedValues
  const usesPolicy = cachePolicyId !== undefined && cachePolicyId !== ''
  if (!usesPolicy && forwarded === undefined) {
    invalid(`${path} must include either a CachePolicyId or ForwardedValues.`)
  }
  const min = inRange(behavior.MinTTL, `${path}.MinTTL`, 0) ?? 0
  const maxTtl = inRange(behavior.MaxTTL, `${path}.MaxTTL`, 0)
  const dflt =
    inRange(behavior.DefaultTTL, `${path}.DefaultTTL`, 0) ??
    Math.max(min, Math.min(DEFAULT_TTL_SECONDS, maxTtl ?? DEFAULT_TTL_SECONDS))
  const max = maxTtl ?? Math.max(dflt, DEFAULT_MAX_TTL_SECONDS)
  if (min > dflt || dflt > max) {
    throw new CloudFrontError(
      'InvalidTTLOrder',
      `${path}: MinTTL (${min}) ≤ DefaultTTL (${dflt}) ≤ MaxTTL (${max}) must hold.`,
    )
  }
  behavior.AllowedMethods ??= { Items: [...DEFAULT_METHODS] }
  behavior.AllowedMethods.CachedMethods ??= [...DEFAULT_METHODS]
  behavior.FunctionAssociations ??= []
  behavior.LambdaFunctionAssociations ??= []
  behavior.SmoothStreaming ??= false
  behavior.Compress ??= false
  if (!usesPolicy) {
    behavior.MinTTL ??= min
    behavior.DefaultTTL ??= dflt
    behavior.MaxTTL ??= max
  }
  return {
    TargetOriginId: target,
    ViewerProtocolPolicy: behavior.ViewerProtocolPolicy,
    FunctionAssociations: associations,
    ...(usesPolicy ? { CachePolicyId: cachePolicyId } : { MinTTL: min, DefaultTTL: dflt, MaxTTL: max }),
    ...(forwarded === undefined ? {} : { ForwardedValues: forwardedValues(forwarded) }),
    AllowedMethods: [...behavior.AllowedMethods.Items],
    CachedMethods: [...behavior.AllowedMethods.CachedMethods],
    Compress: behavior.Compress,
  }
}

/** A cache behavior's `PathPattern` ('Cache behavior settings: Path pattern'). */
export function readPathPattern(behavior: CacheBehavior, path: string): string {
  const pattern = behavior.PathPattern
  if (!PATH_PATTERN.test(pattern)) {
    invalid(
      `${path}.PathPattern ${JSON.stringify(pattern)} is not valid: at most 255 characters of A-Z a-z 0-9 _ - . * $ / ~ " ' @ : + & ?.`,
    )
  }
  return pattern
}
