import {
  type Distribution,
  type DistributionConfig,
  GetDistributionCommand,
  GetDistributionConfigCommand,
} from '@aws-sdk/client-cloudfront'
import type { Clients } from '../clients.js'
import type { CommandContext } from '../command.js'
import { formatRecord, formatTable } from '../output.js'
import { waitIfAsked, withPropagation } from '../propagation.js'
import { functionName } from '../resolve.js'

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
  ['Comment', d.DistributionConfig?.Comment],
  ['Last modified', d.LastModifiedTime],
  ...(etag === undefined ? [] : ([['ETag', etag]] as Array<[string, unknown]>)),
]

interface BehaviorRow {
  path: string
  origin: string | undefined
  functions: ReadonlyArray<{ EventType?: string | undefined; FunctionARN?: string | undefined }>
}

const attached = (row: BehaviorRow, type: string) =>
  row.functions
    .filter((a) => a.EventType === type)
    .map((a) => functionName(a.FunctionARN ?? ''))
    .join(', ')

/**
 * Every cache behavior with its origin and the functions on it, in the order CloudFront matches
 * them: the path patterns as listed, then the default behavior.
 */
export function behaviorsTable(d: Distribution): string {
  const config = d.DistributionConfig
  const rows: BehaviorRow[] = [
    ...(config?.CacheBehaviors?.Items ?? []).map((b) => ({
      path: b.PathPattern ?? '',
      origin: b.TargetOriginId,
      functions: b.FunctionAssociations?.Items ?? [],
    })),
    {
      path: '* (default)',
      origin: config?.DefaultCacheBehavior?.TargetOriginId,
      functions: config?.DefaultCacheBehavior?.FunctionAssociations?.Items ?? [],
    },
  ]
  return formatTable(rows, [
    ['Path pattern', (r) => r.path],
    ['Origin', (r) => r.origin],
    ['Viewer request', (r) => attached(r, 'viewer-request')],
    ['Viewer response', (r) => attached(r, 'viewer-response')],
  ])
}

/** A distribution for people: its main fields, then its behaviors with their functions. */
export function distributionText(d: Distribution, etag?: string): string {
  const table = behaviorsTable(d)
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')
  return `${formatRecord(distributionFields(d, etag))}\n\nBehaviors (in the order they are matched):\n${table}`
}

/** Prints `{ETag, Distribution}` or its main fields and behaviors. */
export function emitDistribution(ctx: CommandContext, distribution: Distribution, etag: string | undefined) {
  ctx.out.emit({ ETag: etag, Distribution: distribution }, () => distributionText(distribution, etag))
}

/**
 * Prints a distribution a command just changed. With `--wait`, first waits for the edges, then
 * reads it again, so that its Status is the one after the wait (Deployed).
 */
export async function emitChangedDistribution(
  ctx: CommandContext,
  distribution: Distribution,
  etag: string | undefined,
): Promise<void> {
  const propagation = await waitIfAsked(ctx)
  let shown = distribution
  if (propagation !== undefined) {
    const again = await ctx.clients().cloudFront.send(new GetDistributionCommand({ Id: distribution.Id }))
    shown = again.Distribution ?? distribution
  }
  ctx.out.emit(
    ...withPropagation(
      [{ ETag: etag, Distribution: shown }, () => distributionText(shown, etag)],
      propagation,
    ),
  )
}
