import {
  type BehaviorTtls,
  behaviorTtls,
  DEFAULT_ALLOWED_METHODS,
  type DefaultCacheBehavior,
  type EdgeDistribution,
  type Origin,
} from '../sync/index.js'
import { compilePathPattern, type PathMatcher } from './path-pattern.js'

/** A cache behavior with everything the hot path needs precomputed. */
export interface RoutedBehavior {
  /** `*` for the default behavior. */
  readonly pathPattern: string
  readonly behavior: DefaultCacheBehavior
  readonly match: PathMatcher
  readonly targetOrigin: Origin | undefined
  /** FunctionARN of the viewer-request / viewer-response association, if any. */
  readonly viewerRequestArn: string | undefined
  readonly viewerResponseArn: string | undefined
  readonly ttls: BehaviorTtls
  /** `ForwardedValues.QueryString` (false when absent, as with a cache policy that forwards none). */
  readonly forwardQueryString: boolean
  /** `QueryStringCacheKeys`: with a forwarded query, only these names go into the cache key. */
  readonly queryStringCacheKeys: ReadonlySet<string> | undefined
  readonly allowedMethods: ReadonlySet<string>
  readonly cachedMethods: ReadonlySet<string>
}

/** A distribution ready for routing: behaviors in list order, the default last. */
export interface RoutedDistribution {
  readonly distribution: EdgeDistribution
  readonly behaviors: readonly RoutedBehavior[]
  readonly defaultBehavior: RoutedBehavior
  readonly originsById: ReadonlyMap<string, Origin>
}

function upperSet(methods: readonly string[] | undefined): ReadonlySet<string> {
  return new Set((methods ?? DEFAULT_ALLOWED_METHODS).map((m) => m.toUpperCase()))
}

function routeBehavior(
  behavior: DefaultCacheBehavior,
  pathPattern: string,
  origins: ReadonlyMap<string, Origin>,
): RoutedBehavior {
  let viewerRequestArn: string | undefined
  let viewerResponseArn: string | undefined
  for (const association of behavior.FunctionAssociations ?? []) {
    if (association.EventType === 'viewer-request') viewerRequestArn = association.FunctionARN
    else if (association.EventType === 'viewer-response') viewerResponseArn = association.FunctionARN
  }
  const keys = behavior.ForwardedValues?.QueryStringCacheKeys
  return {
    pathPattern,
    behavior,
    match: compilePathPattern(pathPattern),
    targetOrigin: origins.get(behavior.TargetOriginId),
    viewerRequestArn,
    viewerResponseArn,
    ttls: behaviorTtls(behavior),
    forwardQueryString: behavior.ForwardedValues?.QueryString === true,
    queryStringCacheKeys: keys !== undefined && keys.length > 0 ? new Set(keys) : undefined,
    allowedMethods: upperSet(behavior.AllowedMethods),
    cachedMethods: upperSet(behavior.CachedMethods),
  }
}

/** Precompiles one distribution's behaviors and origins. */
export function routeDistribution(distribution: EdgeDistribution): RoutedDistribution {
  const config = distribution.Config
  const originsById = new Map<string, Origin>()
  for (const origin of config.Origins) originsById.set(origin.Id, origin)
  const behaviors = (config.CacheBehaviors ?? []).map((b) => routeBehavior(b, b.PathPattern, originsById))
  return {
    distribution,
    behaviors,
    defaultBehavior: routeBehavior(config.DefaultCacheBehavior, '*', originsById),
    originsById,
  }
}

/**
 * The cache behavior for a path: the first behavior whose pattern matches, in list order, else
 * the default, as CloudFront evaluates cache behaviors (AWS, "Cache behavior settings"). `path` is the uri as the viewer sent it, without the query.
 */
export function selectBehavior(routed: RoutedDistribution, path: string): RoutedBehavior {
  const behaviors = routed.behaviors
  for (let i = 0; i < behaviors.length; i++) {
    const candidate = behaviors[i]!
    if (candidate.match(path)) return candidate
  }
  return routed.defaultBehavior
}

/**
 * The host name of a `Host` header: lowercased, without the port and a trailing dot. An IPv6
 * literal keeps its brackets (`[::1]:8080` → `[::1]`).
 */
export function hostName(host: string): string {
  let end = host.length
  if (host.charCodeAt(0) === 0x5b) {
    const close = host.indexOf(']')
    end = close === -1 ? end : close + 1
  } else {
    const colon = host.lastIndexOf(':')
    if (colon !== -1) end = colon
  }
  if (end > 0 && host.charCodeAt(end - 1) === 0x2e) end--
  return host.slice(0, end).toLowerCase()
}

/**
 * Host → distribution for every enabled distribution of a replica, built once per replica change.
 * Order: an exact alias, then a wildcard alias (`*.example.com` matches one more label), then a
 * distribution's own `DomainName`, then the configured default distribution.
 */
export class EdgeRouter {
  readonly #byAlias = new Map<string, RoutedDistribution>()
  readonly #byWildcard = new Map<string, RoutedDistribution>()
  readonly #byDomainName = new Map<string, RoutedDistribution>()
  readonly #byId = new Map<string, RoutedDistribution>()

  constructor(distributions: Iterable<EdgeDistribution>) {
    for (const distribution of distributions) {
      // A disabled distribution serves nothing (CloudFront deletes only disabled distributions).
      if (!distribution.Config.Enabled) continue
      const routed = routeDistribution(distribution)
      this.#byId.set(distribution.Id, routed)
      this.#byDomainName.set(distribution.DomainName.toLowerCase(), routed)
      for (const alias of distribution.Config.Aliases ?? []) {
        const name = alias.toLowerCase()
        if (name.startsWith('*.')) this.#byWildcard.set(name.slice(2), routed)
        else this.#byAlias.set(name, routed)
      }
    }
  }

  /** The enabled distribution with this Id. */
  byId(id: string): RoutedDistribution | undefined {
    return this.#byId.get(id)
  }

  /** The distribution for a `Host` header value, or the default, or undefined (→ 403). */
  resolveHost(host: string | undefined, defaultDistributionId?: string): RoutedDistribution | undefined {
    if (host !== undefined && host.length > 0) {
      const name = hostName(host)
      const routed = this.#byAlias.get(name) ?? this.#wildcard(name) ?? this.#byDomainName.get(name)
      if (routed !== undefined) return routed
    }
    return defaultDistributionId === undefined ? undefined : this.#byId.get(defaultDistributionId)
  }

  #wildcard(name: string): RoutedDistribution | undefined {
    if (this.#byWildcard.size === 0) return undefined
    const dot = name.indexOf('.')
    return dot === -1 ? undefined : this.#byWildcard.get(name.slice(dot + 1))
  }
}
