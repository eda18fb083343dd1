import {
  type Distribution,
  type DistributionConfig,
  GetDistributionConfigCommand,
} from '@aws-sdk/client-cloudfront'
import type { Clients } from '../clients.js'
import type { CommandContext } from '../command.js'
import { formatRecord } from '../output.js'

/** GetDistributionConfig: the config and its ETag. */
export async function getConfig(clients: Clients, id: string) {
  const output = await clients.cloudFront.send(new GetDistributionConfigCommand({ Id: id }))
  return { config: output.DistributionConfig as DistributionConfig, etag: output.ETag ?? '' }
}

/** A distribution's main fields, for table output. */
export const distributionFields = (d: Distribution, etag?: string): Array<[string, unknown]> => [
  ['Id', d.Id],
  ['ARN', d.ARN],
  ['Status', d.Status],
  ['Enabled', d.DistributionConfig?.Enabled],
  ['Domain name', d.DomainName],
  ['Aliases', d.DistributionConfig?.Aliases?.Items?.join(', ')],
  ['Origins', d.DistributionConfig?.Origins?.Items?.map((o) => `${o.Id}=${o.DomainName}`).join(', ')],
  ['Behaviors', 1 + (d.DistributionConfig?.CacheBehaviors?.Quantity ?? 0)],
  ['Comment', d.DistributionConfig?.Comment],
  ['Last modified', d.LastModifiedTime],
  ...(etag === undefined ? [] : ([['ETag', etag]] as Array<[string, unknown]>)),
]

/** Prints `{ETag, Distribution}` or its main fields. */
export function emitDistribution(ctx: CommandContext, distribution: Distribution, etag: string | undefined) {
  ctx.out.emit({ ETag: etag, Distribution: distribution }, () =>
    formatRecord(distributionFields(distribution, etag)),
  )
}
