import { randomUUID } from 'node:crypto'
import {
  CACHING_DISABLED_POLICY_ID,
  CACHING_OPTIMIZED_POLICY_ID,
  type DefaultCacheBehavior as EdgeDefaultCacheBehavior,
  type DistributionConfig as EdgeDistributionConfig,
  type OriginProtocolPolicy,
  type ViewerProtocolPolicy,
} from '../../../sync/index.js'
import type {
  DefaultCacheBehavior,
  DistributionConfig,
  FunctionAssociation,
  Origin,
} from '../../services/index.js'
import { ConsoleError } from './console-errors.js'

/** `CachingOptimized` and `CachingDisabled` are CloudFront's managed policies; `Legacy` keeps TTLs. */
export type CachePolicyChoice = 'CachingOptimized' | 'CachingDisabled' | 'Legacy'

/** One origin as the console edits it. */
export interface OriginForm {
  id: string
  domainName: string
  originPath: string
  /** An S3 origin keeps its S3OriginConfig; the protocol fields apply to custom origins. */
  s3: boolean
  protocolPolicy: string
  httpPort: number
  httpsPort: number
}

/** A cache behavior as the console edits it; the default behavior has no `pathPattern`. */
export interface BehaviorForm {
  pathPattern?: string
  targetOriginId: string
  viewerProtocolPolicy: string
  cachePolicy: CachePolicyChoice
  /** LIVE function ARNs, `''` for none. */
  viewerRequestFunctionArn: string
  viewerResponseFunctionArn: string
}

/** The part of a `DistributionConfig` the console edits; everything else is kept as it was. */
export interface DistributionForm {
  comment: string
  enabled: boolean
  aliases: string[]
  defaultRootObject: string
  origins: OriginForm[]
  defaultBehavior: BehaviorForm
  behaviors: BehaviorForm[]
}

function behaviorForm(behavior: EdgeDefaultCacheBehavior, pathPattern?: string): BehaviorForm {
  const fn = (type: string) =>
    behavior.FunctionAssociations.find((a) => a.EventType === type)?.FunctionARN ?? ''
  return {
    ...(pathPattern === undefined ? {} : { pathPattern }),
    targetOriginId: behavior.TargetOriginId,
    viewerProtocolPolicy: behavior.ViewerProtocolPolicy,
    cachePolicy:
      behavior.CachePolicyId === CACHING_OPTIMIZED_POLICY_ID
        ? 'CachingOptimized'
        : behavior.CachePolicyId === CACHING_DISABLED_POLICY_ID
          ? 'CachingDisabled'
          : 'Legacy',
    viewerRequestFunctionArn: fn('viewer-request'),
    viewerResponseFunctionArn: fn('viewer-response'),
  }
}

/** The console's form of a stored config. */
export function toDistributionForm(config: EdgeDistributionConfig): DistributionForm {
  return {
    comment: config.Comment,
    enabled: config.Enabled,
    aliases: [...config.Aliases],
    defaultRootObject: config.DefaultRootObject ?? '',
    origins: config.Origins.map((origin) => ({
      id: origin.Id,
      domainName: origin.DomainName,
      originPath: origin.OriginPath,
      s3: origin.S3OriginConfig !== undefined,
      protocolPolicy: origin.CustomOriginConfig?.OriginProtocolPolicy ?? 'https-only',
      httpPort: origin.CustomOriginConfig?.HTTPPort ?? 80,
      httpsPort: origin.CustomOriginConfig?.HTTPSPort ?? 443,
    })),
    defaultBehavior: behaviorForm(config.DefaultCacheBehavior),
    behaviors: config.CacheBehaviors.map((b) => behaviorForm(b, b.PathPattern)),
  }
}

function str(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new ConsoleError('BadRequest', `${where} must be a string.`)
  return value
}

function port(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new ConsoleError('BadRequest', `${where} must be a whole number.`)
  return value
}

function originConfig(form: OriginForm, base: Origin | undefined, where: string): Origin {
  const origin: Origin = {
    ...(base === undefined ? {} : structuredClone(base)),
    Id: str(form.id, `${where}.id`).trim(),
    DomainName: str(form.domainName, `${where}.domainName`).trim(),
    OriginPath: str(form.originPath ?? '', `${where}.originPath`).trim(),
  }
  if (form.s3 && origin.S3OriginConfig !== undefined) return origin
  delete origin.S3OriginConfig
  origin.CustomOriginConfig = {
    ...origin.CustomOriginConfig,
    HTTPPort: port(form.httpPort, `${where}.httpPort`),
    HTTPSPort: port(form.httpsPort, `${where}.httpsPort`),
    OriginProtocolPolicy: str(form.protocolPolicy, `${where}.protocolPolicy`) as OriginProtocolPolicy,
  }
  return origin
}

function behaviorConfig<B extends DefaultCacheBehavior>(form: BehaviorForm, base: B, where: string): B {
  const behavior: B = structuredClone(base)
  behavior.TargetOriginId = str(form.targetOriginId, `${where}.targetOriginId`)
  behavior.ViewerProtocolPolicy = str(
    form.viewerProtocolPolicy,
    `${where}.viewerProtocolPolicy`,
  ) as ViewerProtocolPolicy
  const associations: FunctionAssociation[] = []
  const request = str(form.viewerRequestFunctionArn ?? '', `${where}.viewerRequestFunctionArn`)
  const response = str(form.viewerResponseFunctionArn ?? '', `${where}.viewerResponseFunctionArn`)
  if (request !== '') associations.push({ FunctionARN: request, EventType: 'viewer-request' })
  if (response !== '') associations.push({ FunctionARN: response, EventType: 'viewer-response' })
  behavior.FunctionAssociations = associations
  if (form.cachePolicy === 'Legacy') {
    delete behavior.CachePolicyId
    behavior.ForwardedValues ??= { QueryString: false, Cookies: { Forward: 'none' } }
  } else if (form.cachePolicy === 'CachingOptimized' || form.cachePolicy === 'CachingDisabled') {
    behavior.CachePolicyId =
      form.cachePolicy === 'CachingOptimized' ? CACHING_OPTIMIZED_POLICY_ID : CACHING_DISABLED_POLICY_ID
    // A cache policy replaces the legacy members (CloudFront API Reference, CacheBehavior).
    delete behavior.ForwardedValues
    delete behavior.MinTTL
    delete behavior.DefaultTTL
    delete behavior.MaxTTL
  } else {
    throw new ConsoleError(
      'BadRequest',
      `${where}.cachePolicy must be CachingOptimized, CachingDisabled or Legacy.`,
    )
  }
  return behavior
}

/**
 * The `DistributionConfig` for a form: a new one (with a fresh CallerReference), or the
 * existing config with the console's members replaced, so members the console does not show
 * (custom headers, TTLs, timeouts, geo restrictions) survive an edit. The service checks the rest.
 */
export function toDistributionConfig(
  form: DistributionForm,
  existing?: DistributionConfig,
): DistributionConfig {
  if (typeof form !== 'object' || form === null)
    throw new ConsoleError('BadRequest', 'The distribution is missing.')
  if (!Array.isArray(form.origins) || !Array.isArray(form.behaviors) || !Array.isArray(form.aliases))
    throw new ConsoleError('BadRequest', 'origins, behaviors and aliases must be lists.')
  if (typeof form.defaultBehavior !== 'object' || form.defaultBehavior === null)
    throw new ConsoleError('BadRequest', 'defaultBehavior is missing.')
  const origins = existing?.Origins ?? []
  const behaviors = existing?.CacheBehaviors ?? []
  const emptyBehavior = { TargetOriginId: '', ViewerProtocolPolicy: 'allow-all' } as const
  return {
    ...(existing === undefined ? {} : structuredClone(existing)),
    CallerReference: existing?.CallerReference ?? `verge-console-${randomUUID()}`,
    Comment: str(form.comment ?? '', 'comment'),
    Enabled: form.enabled !== false,
    Aliases: form.aliases.map((a, i) => str(a, `aliases[${i}]`).trim()).filter((a) => a !== ''),
    DefaultRootObject: str(form.defaultRootObject ?? '', 'defaultRootObject').trim(),
    Origins: form.origins.map((o, i) =>
      originConfig(
        o,
        origins.find((t) => t.Id === o.id),
        `origins[${i}]`,
      ),
    ),
    DefaultCacheBehavior: behaviorConfig(
      form.defaultBehavior,
      existing?.DefaultCacheBehavior ?? emptyBehavior,
      'defaultBehavior',
    ),
    CacheBehaviors: form.behaviors.map((b, i) => {
      if (typeof b.pathPattern !== 'string')
        throw new ConsoleError('BadRequest', `behaviors[${i}].pathPattern is missing.`)
      const pathPattern = str(b.pathPattern, `behaviors[${i}].pathPattern`).trim()
      const base = behaviors.find((t) => t.PathPattern === b.pathPattern) ?? {
        ...emptyBehavior,
        PathPattern: '',
      }
      return { ...behaviorConfig(b, base, `behaviors[${i}]`), PathPattern: pathPattern }
    }),
  }
}
