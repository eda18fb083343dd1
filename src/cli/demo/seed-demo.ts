import type { ControlPlane } from '../../control/control-plane.js'
import { ControlError } from '../../control/errors.js'
import type {
  DefaultCacheBehavior,
  DistributionConfig,
  DistributionView,
} from '../../control/services/index.js'
import { BLOG_ROUTER_FUNCTION, KEY_ECHO_FUNCTION } from './seed-functions.js'

/** The demo's store, its keys, its functions and the distribution that ties them together. */
export const DEMO_STORE_NAME = 'demo'
export const DEMO_KEYS: ReadonlyArray<{ key: string; value: string }> = [
  { key: 'hello', value: 'Hello World' },
  { key: 'blog', value: 'blog-v1' },
]
export const DEMO_FUNCTIONS = [
  { name: 'key-echo', comment: 'Echoes the key named by the first path segment', code: KEY_ECHO_FUNCTION },
  {
    name: 'blog-router',
    comment: 'Routes /blog/* to the version the blog key names',
    code: BLOG_ROUTER_FUNCTION,
  },
] as const
export const DEMO_RUNTIME = 'cloudfront-js-2.0'
/** Identifies the demo distribution (CallerReference is unique per account). */
export const DEMO_CALLER_REFERENCE = 'verge-demo'
export const DEMO_ORIGIN_ID = 'demo-origin'
export const DEMO_BLOG_PATH_PATTERN = '/blog/*'

export interface DemoOriginAddress {
  /** Where edges reach the demo origin; default 127.0.0.1. */
  originHost?: string
  originPort: number
}

export interface SeedResult {
  /** True on first start, when the demo was created. */
  created: boolean
  /** True when an existing demo distribution was pointed at a new origin port. */
  originUpdated: boolean
  storeArn: string
  /** Undefined if the demo distribution was deleted since the seed. */
  distributionId: string | undefined
  distributionDomainName: string | undefined
}

function behavior(functionArn: string): DefaultCacheBehavior {
  return {
    TargetOriginId: DEMO_ORIGIN_ID,
    ViewerProtocolPolicy: 'allow-all',
    FunctionAssociations: [{ FunctionARN: functionArn, EventType: 'viewer-request' }],
    ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
    // Nothing cached: switching `blog` shows at once.
    MinTTL: 0,
    DefaultTTL: 0,
    MaxTTL: 0,
  }
}

/**
 * The demo distribution's `DistributionConfig`: the default behavior runs key-echo,
 * `/blog/*` runs blog-router in front of the demo origin.
 */
export function demoDistributionConfig(
  arns: { keyEcho: string; blogRouter: string },
  origin: DemoOriginAddress,
): DistributionConfig {
  return {
    CallerReference: DEMO_CALLER_REFERENCE,
    Comment: 'Verge demo: key-echo and blog-router over the demo store',
    Enabled: true,
    Origins: [
      {
        Id: DEMO_ORIGIN_ID,
        DomainName: origin.originHost ?? '127.0.0.1',
        OriginPath: '',
        CustomOriginConfig: {
          HTTPPort: origin.originPort,
          HTTPSPort: 443,
          OriginProtocolPolicy: 'http-only',
        },
      },
    ],
    DefaultCacheBehavior: behavior(arns.keyEcho),
    CacheBehaviors: [{ PathPattern: DEMO_BLOG_PATH_PATTERN, ...behavior(arns.blogRouter) }],
  }
}

/** The demo distribution, found by its CallerReference. */
export async function findDemoDistribution(cp: ControlPlane): Promise<DistributionView | undefined> {
  let marker: string | undefined
  do {
    const page = await cp.distributions.listDistributions(marker === undefined ? {} : { marker })
    const found = page.items.find((d) => d.edgeConfig.CallerReference === DEMO_CALLER_REFERENCE)
    if (found !== undefined) return found
    marker = page.nextMarker
  } while (marker !== undefined)
  return undefined
}

async function storeExists(cp: ControlPlane): Promise<boolean> {
  try {
    await cp.keyValueStores.describeKeyValueStore(DEMO_STORE_NAME)
    return true
  } catch (error) {
    if (error instanceof ControlError && error.code === 'EntityNotFound') return false
    throw error
  }
}

async function createDemo(cp: ControlPlane, origin: DemoOriginAddress): Promise<DistributionView> {
  const store = await cp.keyValueStores.createKeyValueStore({
    name: DEMO_STORE_NAME,
    comment: 'Verge demo: hello and blog',
  })
  await cp.keys.updateKeys(store.arn, { puts: DEMO_KEYS, ifMatch: store.dataEtag })
  const arns: string[] = []
  for (const fn of DEMO_FUNCTIONS) {
    const created = await cp.functions.createFunction({
      name: fn.name,
      config: { comment: fn.comment, runtime: DEMO_RUNTIME, keyValueStoreArns: [store.arn] },
      code: fn.code,
    })
    await cp.functions.publishFunction(fn.name, { ifMatch: created.etag })
    arns.push(created.arn)
  }
  const [keyEcho = '', blogRouter = ''] = arns
  return cp.distributions.createDistribution(demoDistributionConfig({ keyEcho, blogRouter }, origin))
}

/** Points the demo origin of `view` at `origin`; returns whether it had to change. */
async function updateOrigin(
  cp: ControlPlane,
  view: DistributionView,
  origin: DemoOriginAddress,
): Promise<boolean> {
  const host = origin.originHost ?? '127.0.0.1'
  const current = view.edgeConfig.Origins.find((o) => o.Id === DEMO_ORIGIN_ID)
  if (current === undefined) return false
  if (current.DomainName === host && current.CustomOriginConfig?.HTTPPort === origin.originPort) return false
  const config = structuredClone(view.config)
  const demo = config.Origins.find((o) => o.Id === DEMO_ORIGIN_ID)
  if (demo?.CustomOriginConfig === undefined) return false
  demo.DomainName = host
  demo.CustomOriginConfig.HTTPPort = origin.originPort
  await cp.distributions.updateDistribution(view.id, { config, ifMatch: view.etag })
  return true
}

/**
 * Installs the demo on first start (when the `demo` store does not exist yet): the store with
 * `hello` and `blog`, the key-echo and blog-router functions (associated with it, published)
 * and the demo distribution. On later starts it changes nothing the user may have edited; it
 * only points the demo distribution at the demo origin's current address.
 */
export async function seedDemo(cp: ControlPlane, origin: DemoOriginAddress): Promise<SeedResult> {
  const created = !(await storeExists(cp))
  let distribution: DistributionView | undefined
  let originUpdated = false
  if (created) distribution = await createDemo(cp, origin)
  else {
    distribution = await findDemoDistribution(cp)
    if (distribution !== undefined && (await updateOrigin(cp, distribution, origin))) {
      originUpdated = true
      distribution = await cp.distributions.getDistribution(distribution.id)
    }
  }
  const store = await cp.keyValueStores.describeKeyValueStore(DEMO_STORE_NAME)
  return {
    created,
    originUpdated,
    storeArn: store.arn,
    distributionId: distribution?.id,
    distributionDomainName: distribution?.domainName,
  }
}
