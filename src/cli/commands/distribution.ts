import {
  CreateDistributionCommand,
  DeleteDistributionCommand,
  type Distribution,
  type DistributionSummary,
  GetDistributionCommand,
  ListDistributionsCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront'
import type { Clients } from '../clients.js'
import {
  arg,
  booleanOption,
  type CommandGroup,
  type CommandSpec,
  integerOption,
  requiredOption,
} from '../command.js'
import { readDistributionConfig } from '../distribution-file.js'
import { CliError } from '../errors.js'
import { formatTable } from '../output.js'
import { WAIT_OPTIONS } from '../propagation.js'
import { associationCommands } from './distribution-associate.js'
import { emitChangedDistribution, emitDistribution, getConfig } from './distribution-shared.js'

const FILE_OPTION = {
  file: {
    type: 'string',
    placeholder: 'PATH',
    description:
      'DistributionConfig as JSON or YAML (the SDK/AWS CLI shape; plain arrays and function names allowed)',
  },
} as const

const create: CommandSpec = {
  name: 'create',
  summary: 'Create a distribution from a JSON or YAML file',
  options: { ...FILE_OPTION, ...WAIT_OPTIONS },
  details: `CallerReference defaults to a new unique value; Comment to "".
Example YAML:
  Enabled: true
  Origins:
    - Id: app
      DomainName: 127.0.0.1
      CustomOriginConfig: {HTTPPort: 8080, HTTPSPort: 443, OriginProtocolPolicy: http-only}
  DefaultCacheBehavior:
    TargetOriginId: app
    ViewerProtocolPolicy: allow-all
    CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    FunctionAssociations:
      - {FunctionARN: key-echo, EventType: viewer-request}`,
  async run(ctx) {
    const clients = ctx.clients()
    const config = await readDistributionConfig(requiredOption(ctx, 'file'), clients)
    const output = await clients.cloudFront.send(
      new CreateDistributionCommand({ DistributionConfig: config }),
    )
    await emitChangedDistribution(ctx, output.Distribution as Distribution, output.ETag)
    return 0
  },
}

const update: CommandSpec = {
  name: 'update',
  summary: "Replace a distribution's config with a file (reads the current ETag for you)",
  args: ['ID'],
  options: { ...FILE_OPTION, ...WAIT_OPTIONS },
  details: 'The file replaces the whole config; CallerReference defaults to the current one.',
  async run(ctx) {
    const id = arg(ctx, 'ID')
    const clients = ctx.clients()
    const file = requiredOption(ctx, 'file')
    const { config: current, etag } = await getConfig(clients, id)
    const config = await readDistributionConfig(file, clients, current.CallerReference)
    const output = await clients.cloudFront.send(
      new UpdateDistributionCommand({ Id: id, IfMatch: etag, DistributionConfig: config }),
    )
    await emitChangedDistribution(ctx, output.Distribution as Distribution, output.ETag)
    return 0
  },
}

const describe: CommandSpec = {
  name: 'describe',
  aliases: ['show'],
  summary: 'Show a distribution and its config (--output json for the whole config)',
  args: ['ID'],
  async run(ctx) {
    const output = await ctx.clients().cloudFront.send(new GetDistributionCommand({ Id: arg(ctx, 'ID') }))
    emitDistribution(ctx, output.Distribution as Distribution, output.ETag)
    return 0
  },
}

const list: CommandSpec = {
  name: 'list',
  aliases: ['ls'],
  summary: 'List distributions (all pages)',
  async run(ctx) {
    const items: DistributionSummary[] = []
    let marker: string | undefined
    do {
      const page = await ctx
        .clients()
        .cloudFront.send(new ListDistributionsCommand(marker === undefined ? {} : { Marker: marker }))
      items.push(...(page.DistributionList?.Items ?? []))
      marker = page.DistributionList?.NextMarker || undefined
    } while (marker !== undefined)
    ctx.out.emit(items, () =>
      formatTable(items, [
        ['Id', (d) => d.Id],
        ['Status', (d) => d.Status],
        ['Enabled', (d) => d.Enabled],
        ['Domain name', (d) => d.DomainName],
        ['Aliases', (d) => d.Aliases?.Items?.join(', ')],
        ['Comment', (d) => d.Comment],
      ]),
    )
    return 0
  },
}

/** Polls GetDistribution until Status is Deployed. */
async function waitDeployed(clients: Clients, id: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const output = await clients.cloudFront.send(new GetDistributionCommand({ Id: id }))
    if (output.Distribution?.Status === 'Deployed') return
    if (Date.now() > deadline)
      throw new CliError(
        'Timeout',
        `${id} is still ${output.Distribution?.Status} after ${timeoutMs / 1000} s.`,
      )
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

const remove: CommandSpec = {
  name: 'delete',
  aliases: ['rm'],
  summary: 'Delete a distribution; CloudFront requires it disabled first (--disable-first)',
  args: ['ID'],
  options: {
    'disable-first': {
      type: 'boolean',
      description: 'If enabled: disable it, wait until Deployed, then delete',
    },
    timeout: {
      type: 'string',
      placeholder: 'SECONDS',
      description: 'How long to wait for Deployed (default 300)',
    },
  },
  async run(ctx) {
    const id = arg(ctx, 'ID')
    const clients = ctx.clients()
    let { config, etag } = await getConfig(clients, id)
    if (config.Enabled && booleanOption(ctx, 'disable-first')) {
      const output = await clients.cloudFront.send(
        new UpdateDistributionCommand({
          Id: id,
          IfMatch: etag,
          DistributionConfig: { ...config, Enabled: false },
        }),
      )
      etag = output.ETag ?? ''
      config = { ...config, Enabled: false }
      await waitDeployed(clients, id, (integerOption(ctx, 'timeout') ?? 300) * 1000)
    }
    try {
      await clients.cloudFront.send(new DeleteDistributionCommand({ Id: id, IfMatch: etag }))
    } catch (error) {
      if ((error as Error).name === 'DistributionNotDisabled')
        (error as Error).message +=
          ' Disable it first, or run verge distribution delete with --disable-first.'
      throw error
    }
    ctx.out.emit({ Id: id, Deleted: true }, () => `Deleted distribution ${id}.`)
    return 0
  },
}

/** `verge distribution ...`: distributions and their function associations. */
export const distributionGroup: CommandGroup = {
  name: 'distribution',
  aliases: ['distributions', 'dist'],
  summary: 'Distributions: create and update from JSON/YAML, describe, list, delete, associate functions',
  commands: [create, update, describe, list, remove, ...associationCommands],
}
