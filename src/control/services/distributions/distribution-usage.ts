import type { DistributionRecord, StateReader } from '../../state/state-store.js'
import { associatedFunctionArns, type NormalizedDistributionConfig } from './distribution-config.js'

const PAGE = 500

/**
 * The config a distribution row holds (`DistributionRecord.config`): the typed config to echo and
 * what edges hold. Rows written before typed configs held `{tree, edge}`; the control plane
 * rewrites them at start (`distribution-upgrade.ts`).
 */
export type StoredDistributionConfig = NormalizedDistributionConfig

export function storedConfig(record: DistributionRecord): StoredDistributionConfig {
  return record.config as StoredDistributionConfig
}

/** Calls `visit` for every distribution, in Id order, page by page. */
export async function forEachDistribution(
  reader: StateReader,
  visit: (record: DistributionRecord) => void,
  options: { enabledOnly?: boolean } = {},
): Promise<void> {
  let afterId: string | undefined
  for (;;) {
    const page = await reader.listDistributions({
      limit: PAGE,
      ...(afterId === undefined ? {} : { afterId }),
      ...(options.enabledOnly === true ? { enabledOnly: true } : {}),
    })
    for (const record of page) visit(record)
    if (page.length < PAGE) return
    afterId = page[page.length - 1]?.id
  }
}

/** Ids of the distributions (enabled or not) whose cache behaviors associate the function. */
export async function distributionsUsingFunction(
  reader: StateReader,
  functionArn: string,
): Promise<string[]> {
  const ids: string[] = []
  await forEachDistribution(reader, (record) => {
    if (associatedFunctionArns(storedConfig(record).edge).includes(functionArn)) ids.push(record.id)
  })
  return ids
}

/** Every function ARN that some distribution (enabled or not) associates. */
export async function associatedFunctionArnSet(reader: StateReader): Promise<Set<string>> {
  const arns = new Set<string>()
  await forEachDistribution(reader, (record) => {
    for (const arn of associatedFunctionArns(storedConfig(record).edge)) arns.add(arn)
  })
  return arns
}
