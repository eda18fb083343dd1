import type { EdgeDistribution, SnapshotFunction } from '../../sync/index.js'
import type { SnapshotContributor } from '../feed/snapshot.js'
import { forEachDistribution } from './distributions/distribution-usage.js'
import { toEdgeDistribution } from './distributions/distributions.js'
import { functionArn } from './functions/function-view.js'

const PAGE = 500

/** Every LIVE function, as edges run it; unpublished functions are not sent. */
export function functionSnapshot(accountId: string): SnapshotContributor {
  return async function* (reader) {
    let afterName: string | undefined
    for (;;) {
      const page = await reader.listFunctions({
        limit: PAGE,
        liveOnly: true,
        ...(afterName === undefined ? {} : { afterName }),
      })
      for (const record of page) {
        const live = record.live
        if (live === undefined) continue
        const definition: SnapshotFunction = {
          arn: functionArn(accountId, record.name),
          name: record.name,
          runtime: live.runtime,
          code: live.code,
          ...(live.keyValueStoreId === undefined ? {} : { keyValueStoreId: live.keyValueStoreId }),
        }
        yield { type: 'function', function: definition }
      }
      if (page.length < PAGE) break
      afterName = page[page.length - 1]?.name
    }
  }
}

/** Every enabled distribution, as edges hold it; a disabled one is not sent (edges drop it). */
export function distributionSnapshot(accountId: string): SnapshotContributor {
  return async function* (reader) {
    // Distributions are few and small (a quota of hundreds): one list, not pages of parts.
    const distributions: EdgeDistribution[] = []
    await forEachDistribution(reader, (record) => distributions.push(toEdgeDistribution(accountId, record)), {
      enabledOnly: true,
    })
    for (const distribution of distributions) yield { type: 'distribution', distribution }
  }
}
