import type { DistributionService, DistributionView } from '../../services/index.js'

/** Where a function runs: one event of one cache behavior of one distribution. */
export interface FunctionAssociationView {
  distributionId: string
  /** The behavior's path pattern; `*` for the default cache behavior. */
  pathPattern: string
  eventType: string
}

/** `arn:aws:cloudfront::111122223333:function/name` → `name`. */
function nameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1)
}

/** Every distribution, all pages of the list. */
export async function listAllDistributions(distributions: DistributionService): Promise<DistributionView[]> {
  const items: DistributionView[] = []
  let marker: string | undefined
  do {
    const page = await distributions.listDistributions({
      maxItems: 100,
      ...(marker === undefined ? {} : { marker }),
    })
    items.push(...page.items)
    marker = page.nextMarker
  } while (marker !== undefined)
  return items
}

/**
 * Function name → the behaviors that run it, in distribution order, then the behaviors'
 * order with the default behavior last (as CloudFront matches them).
 */
export async function functionAssociations(
  distributions: DistributionService | undefined,
): Promise<Map<string, FunctionAssociationView[]>> {
  const byName = new Map<string, FunctionAssociationView[]>()
  if (distributions === undefined) return byName
  for (const view of await listAllDistributions(distributions)) {
    const config = view.edgeConfig
    const behaviors = [...config.CacheBehaviors, { ...config.DefaultCacheBehavior, PathPattern: '*' }]
    for (const behavior of behaviors) {
      for (const association of behavior.FunctionAssociations) {
        const name = nameOfArn(association.FunctionARN)
        const list = byName.get(name) ?? []
        list.push({
          distributionId: view.id,
          pathPattern: behavior.PathPattern,
          eventType: association.EventType,
        })
        byName.set(name, list)
      }
    }
  }
  return byName
}
