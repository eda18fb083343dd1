import type { OriginChange } from '../../runtime/index.js'
import {
  DEFAULT_CONNECTION_ATTEMPTS,
  DEFAULT_CONNECTION_TIMEOUT_SECONDS,
  DEFAULT_ORIGIN_KEEPALIVE_TIMEOUT_SECONDS,
  DEFAULT_ORIGIN_READ_TIMEOUT_SECONDS,
  type Origin,
} from '../../sync/index.js'
import { OriginError } from './origin-errors.js'

export type ViewerProtocol = 'http' | 'https'

/** Where and how one origin request goes, after the distribution's settings and any function change. */
export interface OriginTarget {
  readonly originId: string
  readonly protocol: 'http:' | 'https:'
  readonly domainName: string
  readonly port: number
  /** `OriginPath` without a trailing `/`: prefixed to the uri. */
  readonly originPath: string
  /** `CustomHeaders`, names as configured. */
  readonly customHeaders: readonly (readonly [string, string])[]
  /** The `Host` sent to the origin; the origin's domain name (and port, if not the default). */
  readonly hostHeader: string
  readonly connectionAttempts: number
  readonly connectTimeoutMs: number
  readonly readTimeoutMs: number
  readonly keepAliveTimeoutMs: number
  /** The whole response must arrive within this (`timeouts.responseCompletionTimeout`). */
  readonly responseCompletionTimeoutMs: number | undefined
}

/** `cf.createRequestOriginGroup`: the primary, then the secondary on a listed status or a failure. */
export interface OriginGroupTarget {
  readonly primary: OriginTarget
  readonly secondary: OriginTarget
  readonly failoverStatusCodes: ReadonlySet<number>
}

// When a function builds a group without failoverCriteria: the 5xx an origin gives when down.
const DEFAULT_FAILOVER_STATUSES: readonly number[] = [500, 502, 503, 504]

function defaultPort(protocol: 'http:' | 'https:'): number {
  return protocol === 'https:' ? 443 : 80
}

function hostFor(domainName: string, protocol: 'http:' | 'https:', port: number): string {
  return port === defaultPort(protocol) ? domainName : `${domainName}:${port}`
}

function trimPath(path: string | undefined): string {
  if (path === undefined || path === '' || path === '/') return ''
  const withSlash = path.charCodeAt(0) === 0x2f ? path : `/${path}`
  return withSlash.endsWith('/') ? withSlash.slice(0, -1) : withSlash
}

const cachedTargets = new WeakMap<Origin, { http?: OriginTarget; https?: OriginTarget }>()

/**
 * The target of a configured origin. `S3OriginConfig` origins (no `CustomOriginConfig`) are
 * reached over HTTPS on 443; `match-viewer` follows the viewer's protocol. Memoized per
 * origin object, so a replica change is the only thing that recomputes it.
 */
export function resolveOrigin(origin: Origin, viewer: ViewerProtocol): OriginTarget {
  let cached = cachedTargets.get(origin)
  if (cached === undefined) {
    cached = {}
    cachedTargets.set(origin, cached)
  }
  const hit = cached[viewer]
  if (hit !== undefined) return hit
  const custom = origin.CustomOriginConfig
  const policy = custom?.OriginProtocolPolicy ?? 'https-only'
  const protocol: 'http:' | 'https:' =
    policy === 'http-only' ? 'http:' : policy === 'https-only' ? 'https:' : `${viewer}:`
  const port =
    custom === undefined ? 443 : protocol === 'https:' ? custom.HTTPSPort || 443 : custom.HTTPPort || 80
  const target: OriginTarget = {
    originId: origin.Id,
    protocol,
    domainName: origin.DomainName,
    port,
    originPath: trimPath(origin.OriginPath),
    customHeaders: (origin.CustomHeaders ?? []).map((h) => [h.HeaderName, h.HeaderValue] as const),
    hostHeader: hostFor(origin.DomainName, protocol, port),
    connectionAttempts: origin.ConnectionAttempts ?? DEFAULT_CONNECTION_ATTEMPTS,
    connectTimeoutMs: (origin.ConnectionTimeout ?? DEFAULT_CONNECTION_TIMEOUT_SECONDS) * 1000,
    readTimeoutMs: (custom?.OriginReadTimeout ?? DEFAULT_ORIGIN_READ_TIMEOUT_SECONDS) * 1000,
    keepAliveTimeoutMs: (custom?.OriginKeepaliveTimeout ?? DEFAULT_ORIGIN_KEEPALIVE_TIMEOUT_SECONDS) * 1000,
    responseCompletionTimeoutMs: undefined,
  }
  cached[viewer] = target
  return target
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined

/**
 * `cf.updateRequestOrigin` parameters over a target (AWS, "Helper methods for origin modification"): omitted fields are
 * inherited; `customHeaders` replaces the origin's custom headers (`{}` clears them); timeouts are
 * in seconds. Origin Shield, origin access control, SNI and certificate names do not apply here.
 */
export function overrideOrigin(base: OriginTarget, params: Record<string, unknown>): OriginTarget {
  const domainName = typeof params.domainName === 'string' ? params.domainName : base.domainName
  const custom = isRecord(params.customOriginConfig) ? params.customOriginConfig : undefined
  let protocol = base.protocol
  if (custom?.protocol === 'http' || custom?.protocol === 'https') protocol = `${custom.protocol}:`
  const port = num(custom?.port) ?? (protocol === base.protocol ? base.port : defaultPort(protocol))
  let customHeaders = base.customHeaders
  if (isRecord(params.customHeaders)) {
    customHeaders = Object.entries(params.customHeaders).map(
      ([name, value]) => [name, String(value)] as const,
    )
  }
  const timeouts = isRecord(params.timeouts) ? params.timeouts : {}
  const seconds = (value: unknown, fallback: number): number => {
    const n = num(value)
    return n === undefined ? fallback : n * 1000
  }
  const completion = num(timeouts.responseCompletionTimeout)
  return {
    originId: base.originId,
    protocol,
    domainName,
    port,
    originPath: typeof params.originPath === 'string' ? trimPath(params.originPath) : base.originPath,
    customHeaders,
    hostHeader:
      typeof params.hostHeader === 'string' ? params.hostHeader : hostFor(domainName, protocol, port),
    connectionAttempts: num(params.connectionAttempts) ?? base.connectionAttempts,
    connectTimeoutMs: seconds(timeouts.connectionTimeout, base.connectTimeoutMs),
    readTimeoutMs: seconds(timeouts.readTimeout, base.readTimeoutMs),
    keepAliveTimeoutMs: seconds(timeouts.keepAliveTimeout, base.keepAliveTimeoutMs),
    responseCompletionTimeoutMs:
      completion === undefined ? base.responseCompletionTimeoutMs : completion * 1000,
  }
}

function originById(origins: ReadonlyMap<string, Origin>, id: unknown, viewer: ViewerProtocol): OriginTarget {
  const origin = typeof id === 'string' ? origins.get(id) : undefined
  if (origin === undefined) {
    throw new OriginError('InvalidOrigin', `The distribution has no origin with Id ${JSON.stringify(id)}`)
  }
  return resolveOrigin(origin, viewer)
}

function groupMember(
  entry: unknown,
  overrides: Record<string, unknown> | undefined,
  origins: ReadonlyMap<string, Origin>,
  viewer: ViewerProtocol,
): OriginTarget {
  // Both documented shapes: "origin-1" and {originId: "origin-1", originOverrides: {...}}.
  const id = isRecord(entry) ? entry.originId : entry
  const own = isRecord(entry) && isRecord(entry.originOverrides) ? entry.originOverrides : overrides
  const target = originById(origins, id, viewer)
  return own === undefined ? target : overrideOrigin(target, own)
}

/**
 * Applies the origin change a viewer-request function recorded to the behavior's target:
 * `updateRequestOrigin` overrides fields, `selectRequestOriginById` picks another origin of the
 * same distribution (with `hostHeader`), `createRequestOriginGroup` builds a failover pair.
 * Throws `OriginError('InvalidOrigin')` for an unknown origin Id.
 */
export function applyOriginChange(
  change: OriginChange,
  base: OriginTarget,
  origins: ReadonlyMap<string, Origin>,
  viewer: ViewerProtocol,
): OriginTarget | OriginGroupTarget {
  switch (change.type) {
    case 'updateRequestOrigin':
      return overrideOrigin(base, change.params)
    case 'selectRequestOriginById': {
      const target = originById(origins, change.originId, viewer)
      const hostHeader = change.params.hostHeader
      return typeof hostHeader === 'string' ? { ...target, hostHeader } : target
    }
    case 'createRequestOriginGroup': {
      const params = change.params
      const ids = Array.isArray(params.originIds) ? params.originIds : []
      const overrides = isRecord(params.originOverrides) ? params.originOverrides : undefined
      if (ids.length < 2) throw new OriginError('InvalidOrigin', 'An origin group needs two origins')
      const criteria = params.failoverCriteria
      const codes = Array.isArray(criteria)
        ? criteria
        : isRecord(criteria) && Array.isArray(criteria.statusCodes)
          ? criteria.statusCodes
          : DEFAULT_FAILOVER_STATUSES
      return {
        primary: groupMember(ids[0], overrides, origins, viewer),
        secondary: groupMember(ids[1], overrides, origins, viewer),
        failoverStatusCodes: new Set(codes.filter((c): c is number => typeof c === 'number')),
      }
    }
  }
}
