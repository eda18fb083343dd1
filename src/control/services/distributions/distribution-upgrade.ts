import type { DistributionRecord, StateStore } from '../../state/state-store.js'
import type { DistributionConfig } from './distribution-config-model.js'
import type { StoredDistributionConfig } from './distribution-usage.js'
import { forEachDistribution } from './distribution-usage.js'

/** What a distribution row held before typed configs: the XML-shaped tree and the edge config. */
interface TreeStoredConfig {
  tree: unknown
  edge: StoredDistributionConfig['edge']
}

function isTreeStored(config: unknown): config is TreeStoredConfig {
  return typeof config === 'object' && config !== null && 'tree' in config && !('config' in config)
}

/**
 * Rewrites every distribution row that still holds the XML-shaped tree into the typed config,
 * in one transaction: `readTree` reads the tree (the CloudFront API's XML shapes); the ETag, the
 * revision, the modification time and what edges hold are kept, so nothing is published. A
 * tree that cannot be read fails the transaction, and nothing is rewritten.
 */
export async function upgradeStoredConfigs(
  state: StateStore,
  readTree: (tree: unknown) => DistributionConfig,
): Promise<number> {
  return state.transaction(async (tx) => {
    const old: DistributionRecord[] = []
    await forEachDistribution(tx, (record) => {
      if (isTreeStored(record.config)) old.push(record)
    })
    for (const record of old) {
      const stored = record.config as TreeStoredConfig
      const config: StoredDistributionConfig = { config: readTree(stored.tree), edge: stored.edge }
      await tx.replaceDistribution({ ...record, config })
    }
    return old.length
  })
}
