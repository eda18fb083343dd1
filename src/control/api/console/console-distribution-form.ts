import { randomUUID } from 'node:crypto'
import {
  CACHING_DISABLED_POLICY_ID,
  CACHING_OPTIMIZED_POLICY_ID,
  type DefaultCacheBehavior,
  type DistributionConfig,
} from '../../../sync/index.js'
import { type ConfigTree, type ConfigValue, isTree } from '../aws-cloudfront/xml-tree.js'
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

function behaviorForm(behavior: DefaultCacheBehavior, pathPattern?: string): BehaviorForm {
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
export function toDistributionForm(config: DistributionConfig): DistributionForm {
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

function wrap(member: string, items: ConfigValue[]): ConfigTree {
  return items.length === 0
    ? { Quantity: '0' }
    : { Quantity: String(items.length), Items: { [member]: items } }
}

/** The structures in a wrapped list of an existing tree, for keeping members the form omits. */
function existingItems(tree: ConfigTree | undefined, name: string, member: string): ConfigTree[] {
  const wrapper = tree?.[name]
  if (!isTree(wrapper) || !isTree(wrapper.Items)) return []
  const raw = wrapper.Items[member]
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
  return list.filter(isTree)
}

function str(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new ConsoleError('BadRequest', `${where} must be a string.`)
  return value
}

function port(value: unknown, where: string): string {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new ConsoleError('BadRequest', `${where} must be a whole number.`)
  return String(value)
}

function originTree(form: OriginForm, base: ConfigTree | undefined, where: string): ConfigTree {
  const tree: ConfigTree = base === undefined ? {} : structuredClone(base)
  tree.Id = str(form.id, `${where}.id`).trim()
  tree.DomainName = str(form.domainName, `${where}.domainName`).trim()
  tree.OriginPath = str(form.originPath ?? '', `${where}.originPath`).trim()
  if (form.s3 && isTree(tree.S3OriginConfig)) return tree
  delete tree.S3OriginConfig
  const custom: ConfigTree = isTree(tree.CustomOriginConfig) ? tree.CustomOriginConfig : {}
  custom.HTTPPort = port(form.httpPort, `${where}.httpPort`)
  custom.HTTPSPort = port(form.httpsPort, `${where}.httpsPort`)
  custom.OriginProtocolPolicy = str(form.protocolPolicy, `${where}.protocolPolicy`)
  tree.CustomOriginConfig = custom
  return tree
}

function behaviorTree(form: BehaviorForm, base: ConfigTree | undefined, where: string): ConfigTree {
  const tree: ConfigTree = base === undefined ? {} : structuredClone(base)
  if (form.pathPattern !== undefined) tree.PathPattern = str(form.pathPattern, `${where}.pathPattern`).trim()
  tree.TargetOriginId = str(form.targetOriginId, `${where}.targetOriginId`)
  tree.ViewerProtocolPolicy = str(form.viewerProtocolPolicy, `${where}.viewerProtocolPolicy`)
  const associations: ConfigTree[] = []
  const request = str(form.viewerRequestFunctionArn ?? '', `${where}.viewerRequestFunctionArn`)
  const response = str(form.viewerResponseFunctionArn ?? '', `${where}.viewerResponseFunctionArn`)
  if (request !== '') associations.push({ FunctionARN: request, EventType: 'viewer-request' })
  if (response !== '') associations.push({ FunctionARN: response, EventType: 'viewer-response' })
  tree.FunctionAssociations = wrap('FunctionAssociation', associations)
  if (form.cachePolicy === 'Legacy') {
    delete tree.CachePolicyId
    tree.ForwardedValues ??= { QueryString: 'false', Cookies: { Forward: 'none' } }
  } else if (form.cachePolicy === 'CachingOptimized' || form.cachePolicy === 'CachingDisabled') {
    tree.CachePolicyId =
      form.cachePolicy === 'CachingOptimized' ? CACHING_OPTIMIZED_POLICY_ID : CACHING_DISABLED_POLICY_ID
    // A cache policy replaces the legacy members (CloudFront API Reference, CacheBehavior).
    for (const member of ['ForwardedValues', 'MinTTL', 'DefaultTTL', 'MaxTTL']) delete tree[member]
  } else {
    throw new ConsoleError(
      'BadRequest',
      `${where}.cachePolicy must be CachingOptimized, CachingDisabled or Legacy.`,
    )
  }
  return tree
}

/**
 * The `DistributionConfig` tree for a form: a new one (with a fresh CallerReference), or the
 * existing tree with the console's members replaced, so members the console does not show
 * (custom headers, TTLs, timeouts, geo restrictions) survive an edit. The service checks the rest.
 */
export function toDistributionTree(form: DistributionForm, existing?: ConfigTree): ConfigTree {
  if (typeof form !== 'object' || form === null)
    throw new ConsoleError('BadRequest', 'The distribution is missing.')
  if (!Array.isArray(form.origins) || !Array.isArray(form.behaviors) || !Array.isArray(form.aliases))
    throw new ConsoleError('BadRequest', 'origins, behaviors and aliases must be lists.')
  if (typeof form.defaultBehavior !== 'object' || form.defaultBehavior === null)
    throw new ConsoleError('BadRequest', 'defaultBehavior is missing.')
  const tree: ConfigTree =
    existing === undefined ? { CallerReference: `verge-console-${randomUUID()}` } : structuredClone(existing)
  tree.Comment = str(form.comment ?? '', 'comment')
  tree.Enabled = form.enabled === false ? 'false' : 'true'
  tree.Aliases = wrap(
    'CNAME',
    form.aliases.map((a, i) => str(a, `aliases[${i}]`).trim()).filter((a) => a !== ''),
  )
  tree.DefaultRootObject = str(form.defaultRootObject ?? '', 'defaultRootObject').trim()
  const origins = existingItems(existing, 'Origins', 'Origin')
  tree.Origins = wrap(
    'Origin',
    form.origins.map((o, i) =>
      originTree(
        o,
        origins.find((t) => t.Id === o.id),
        `origins[${i}]`,
      ),
    ),
  )
  const base = existing?.DefaultCacheBehavior
  tree.DefaultCacheBehavior = behaviorTree(
    { ...form.defaultBehavior, pathPattern: undefined } as BehaviorForm,
    isTree(base) ? base : undefined,
    'defaultBehavior',
  )
  delete (tree.DefaultCacheBehavior as ConfigTree).PathPattern
  const behaviors = existingItems(existing, 'CacheBehaviors', 'CacheBehavior')
  tree.CacheBehaviors = wrap(
    'CacheBehavior',
    form.behaviors.map((b, i) => {
      if (typeof b.pathPattern !== 'string')
        throw new ConsoleError('BadRequest', `behaviors[${i}].pathPattern is missing.`)
      return behaviorTree(
        b,
        behaviors.find((t) => t.PathPattern === b.pathPattern),
        `behaviors[${i}]`,
      )
    }),
  )
  return tree
}
