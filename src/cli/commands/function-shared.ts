import { DescribeFunctionCommand, type FunctionSummary } from '@aws-sdk/client-cloudfront'
import type { Clients } from '../clients.js'
import { type CommandContext, type OptionSpec, stringOption } from '../command.js'
import { usageError } from '../errors.js'

export const STAGE_OPTION: OptionSpec = {
  type: 'string',
  placeholder: 'STAGE',
  description: 'DEVELOPMENT (default) or LIVE',
}

/** `--stage`, upper-cased and checked; DEVELOPMENT when absent. */
export function stageOption(ctx: CommandContext): 'DEVELOPMENT' | 'LIVE' {
  const stage = (stringOption(ctx, 'stage') ?? 'DEVELOPMENT').toUpperCase()
  if (stage !== 'DEVELOPMENT' && stage !== 'LIVE') throw usageError('--stage must be DEVELOPMENT or LIVE.')
  return stage
}

/** DescribeFunction: the summary and the stage's ETag. */
export async function describeFunction(clients: Clients, name: string, stage: 'DEVELOPMENT' | 'LIVE') {
  const output = await clients.cloudFront.send(new DescribeFunctionCommand({ Name: name, Stage: stage }))
  return { summary: output.FunctionSummary as FunctionSummary, etag: output.ETag ?? '' }
}

export const summaryFields = (s: FunctionSummary, etag?: string): Array<[string, unknown]> => [
  ['Name', s.Name],
  ['Status', s.Status],
  ['Stage', s.FunctionMetadata?.Stage],
  ['Runtime', s.FunctionConfig?.Runtime],
  ['Comment', s.FunctionConfig?.Comment],
  [
    'Key value stores',
    s.FunctionConfig?.KeyValueStoreAssociations?.Items?.map((a) => a.KeyValueStoreARN).join(', '),
  ],
  ['ARN', s.FunctionMetadata?.FunctionARN],
  ['Created', s.FunctionMetadata?.CreatedTime],
  ['Last modified', s.FunctionMetadata?.LastModifiedTime],
  ...(etag === undefined ? [] : ([['ETag', etag]] as Array<[string, unknown]>)),
]
