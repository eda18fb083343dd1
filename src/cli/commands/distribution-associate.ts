import {
  type CacheBehavior,
  type DefaultCacheBehavior,
  type Distribution,
  type DistributionConfig,
  type FunctionAssociation,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront'
import type { Clients } from '../clients.js'
import {
  arg,
  type CommandContext,
  type CommandSpec,
  type OptionSpec,
  requiredOption,
  stringOption,
} from '../command.js'
import { usageError } from '../errors.js'
import { WAIT_OPTIONS } from '../propagation.js'
import { functionArn } from '../resolve.js'
import { emitChangedDistribution, getConfig } from './distribution-shared.js'

const EVENT_TYPES = ['viewer-request', 'viewer-response']

const TARGET_OPTIONS: Record<string, OptionSpec> = {
  'event-type': {
    type: 'string',
    placeholder: 'TYPE',
    description: 'viewer-request (default) or viewer-response',
  },
  'path-pattern': {
    type: 'string',
    placeholder: 'PATTERN',
    description: 'The cache behavior with this PathPattern (default: the default cache behavior)',
  },
}

function eventType(ctx: CommandContext): FunctionAssociation['EventType'] {
  const type = stringOption(ctx, 'event-type') ?? 'viewer-request'
  if (!EVENT_TYPES.includes(type)) throw usageError(`--event-type must be ${EVENT_TYPES.join(' or ')}.`)
  return type as FunctionAssociation['EventType']
}

function behaviorOf(
  config: DistributionConfig,
  pathPattern: string | undefined,
): DefaultCacheBehavior | CacheBehavior {
  if (pathPattern === undefined) return config.DefaultCacheBehavior as DefaultCacheBehavior
  const behavior = config.CacheBehaviors?.Items?.find((b) => b.PathPattern === pathPattern)
  if (behavior === undefined) {
    const patterns = config.CacheBehaviors?.Items?.map((b) => b.PathPattern).join(', ') || 'none'
    throw usageError(`No cache behavior has PathPattern ${pathPattern} (there are: ${patterns}).`)
  }
  return behavior
}

/**
 * Reads the config and its ETag, edits one behavior's function associations, and writes it
 * back; on PreconditionFailed (someone else updated in between) it does so once more on the
 * fresh config, which is safe because the edit is the same either way.
 */
async function editAssociations(
  ctx: CommandContext,
  edit: (associations: FunctionAssociation[]) => FunctionAssociation[],
): Promise<void> {
  const id = arg(ctx, 'ID')
  const clients: Clients = ctx.clients()
  const pathPattern = stringOption(ctx, 'path-pattern')
  const attempt = async () => {
    const { config, etag } = await getConfig(clients, id)
    const behavior = behaviorOf(config, pathPattern)
    const items = edit([...(behavior.FunctionAssociations?.Items ?? [])])
    behavior.FunctionAssociations = {
      Quantity: items.length,
      ...(items.length === 0 ? {} : { Items: items }),
    }
    return clients.cloudFront.send(
      new UpdateDistributionCommand({ Id: id, IfMatch: etag, DistributionConfig: config }),
    )
  }
  const output = await attempt().catch((error: Error) => {
    if (error.name === 'PreconditionFailed') return attempt()
    throw error
  })
  await emitChangedDistribution(ctx, output.Distribution as Distribution, output.ETag)
}

const associate: CommandSpec = {
  name: 'associate',
  aliases: ['attach'],
  summary: "Attach a published (LIVE) function to a cache behavior's viewer-request or viewer-response",
  args: ['ID'],
  options: {
    function: { type: 'string', placeholder: 'NAME', description: 'The function (name or ARN; required)' },
    ...TARGET_OPTIONS,
    ...WAIT_OPTIONS,
  },
  details:
    'Replaces the function already attached to that event type, if any.\nExample: verge distribution associate E1ABCDEF --function key-echo',
  async run(ctx) {
    const type = eventType(ctx)
    const arn = await functionArn(ctx.clients(), requiredOption(ctx, 'function'))
    await editAssociations(ctx, (items) => [
      ...items.filter((a) => a.EventType !== type),
      { FunctionARN: arn, EventType: type },
    ])
    return 0
  },
}

const disassociate: CommandSpec = {
  name: 'disassociate',
  aliases: ['detach'],
  summary: "Remove the function attached to a cache behavior's event type",
  args: ['ID'],
  options: { ...TARGET_OPTIONS, ...WAIT_OPTIONS },
  async run(ctx) {
    const type = eventType(ctx)
    await editAssociations(ctx, (items) => items.filter((a) => a.EventType !== type))
    return 0
  },
}

/** `verge distribution associate|disassociate`. */
export const associationCommands: readonly CommandSpec[] = [associate, disassociate]
