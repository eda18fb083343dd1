import { writeFile } from 'node:fs/promises'
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  type FunctionConfig,
  type FunctionSummary,
  GetFunctionCommand,
  ListFunctionsCommand,
  PublishFunctionCommand,
  UpdateFunctionCommand,
} from '@aws-sdk/client-cloudfront'
import type { Clients } from '../clients.js'
import {
  arg,
  booleanOption,
  type CommandContext,
  type CommandGroup,
  type CommandSpec,
  listOption,
  type OptionSpec,
  requiredOption,
  stringOption,
} from '../command.js'
import { usageError } from '../errors.js'
import { readInput } from '../files.js'
import { formatRecord, formatTable } from '../output.js'
import { type Propagation, WAIT_OPTIONS, waitIfAsked, withPropagation } from '../propagation.js'
import { storeArn } from '../resolve.js'
import { logsCommand } from './function-logs.js'
import { describeFunction, STAGE_OPTION, stageOption, summaryFields } from './function-shared.js'
import { testCommand } from './function-test.js'

const RUNTIMES = ['cloudfront-js-1.0', 'cloudfront-js-2.0']

async function associations(clients: Clients, stores: readonly string[]) {
  const arns = await Promise.all(stores.map((store) => storeArn(clients, store)))
  return {
    Quantity: arns.length,
    ...(arns.length === 0 ? {} : { Items: arns.map((a) => ({ KeyValueStoreARN: a })) }),
  }
}

function checkRuntime(runtime: string | undefined): void {
  if (runtime !== undefined && !RUNTIMES.includes(runtime))
    throw usageError(`--runtime must be ${RUNTIMES.join(' or ')}.`)
}

const CONFIG_OPTIONS: Record<string, OptionSpec> = {
  code: { type: 'string', placeholder: 'PATH', description: 'The function code (- for stdin)' },
  runtime: { type: 'string', placeholder: 'RUNTIME', description: RUNTIMES.join(' | ') },
  comment: { type: 'string', placeholder: 'TEXT', description: 'Comment' },
  kvs: {
    type: 'string',
    placeholder: 'STORE',
    description: 'Associate this key value store (name or ARN); a function has at most one',
  },
}

/** `create`'s flags: its runtime has a default, which `update` (keeping the current one) has not. */
const CREATE_OPTIONS: Record<string, OptionSpec> = {
  ...CONFIG_OPTIONS,
  runtime: {
    ...(CONFIG_OPTIONS.runtime as OptionSpec),
    description: `${RUNTIMES.join(' | ')} (default cloudfront-js-2.0)`,
  },
}

function emitSummary(
  ctx: CommandContext,
  summary: FunctionSummary,
  etag: string | undefined,
  propagation?: Propagation,
) {
  ctx.out.emit(
    ...withPropagation(
      [
        { ...(etag === undefined ? {} : { ETag: etag }), FunctionSummary: summary },
        () => formatRecord(summaryFields(summary, etag)),
      ],
      propagation,
    ),
  )
}

const create: CommandSpec = {
  name: 'create',
  summary: 'Create a function (DEVELOPMENT stage) from a file',
  args: ['NAME'],
  options: CREATE_OPTIONS,
  details: 'Example: verge function create key-echo --code ./key-echo.js --kvs demo',
  async run(ctx) {
    const name = arg(ctx, 'NAME')
    const code = await readInput(requiredOption(ctx, 'code', 'the file with the function code.'))
    const runtime = stringOption(ctx, 'runtime') ?? 'cloudfront-js-2.0'
    checkRuntime(runtime)
    const clients = ctx.clients()
    const output = await clients.cloudFront.send(
      new CreateFunctionCommand({
        Name: name,
        FunctionConfig: {
          Comment: stringOption(ctx, 'comment') ?? '',
          Runtime: runtime as FunctionConfig['Runtime'],
          KeyValueStoreAssociations: await associations(clients, listOption(ctx, 'kvs')),
        },
        FunctionCode: code,
      }),
    )
    emitSummary(ctx, output.FunctionSummary as FunctionSummary, output.ETag)
    return 0
  },
}

const update: CommandSpec = {
  name: 'update',
  summary: 'Change the DEVELOPMENT stage: code, runtime, comment or stores (unchanged parts are kept)',
  args: ['NAME'],
  options: {
    ...CONFIG_OPTIONS,
    'no-kvs': { type: 'boolean', description: 'Remove every key value store association' },
  },
  async run(ctx) {
    const name = arg(ctx, 'NAME')
    const codeFile = stringOption(ctx, 'code')
    const runtime = stringOption(ctx, 'runtime')
    checkRuntime(runtime)
    const stores = listOption(ctx, 'kvs')
    if (stores.length > 0 && booleanOption(ctx, 'no-kvs'))
      throw usageError('Give --kvs or --no-kvs, not both.')
    const code = codeFile === undefined ? undefined : await readInput(codeFile)
    const clients = ctx.clients()
    const { summary, etag } = await describeFunction(clients, name, 'DEVELOPMENT')
    const current = summary.FunctionConfig as FunctionConfig
    const comment = stringOption(ctx, 'comment')
    const config: FunctionConfig = {
      Comment: comment ?? current.Comment ?? '',
      Runtime: (runtime ?? current.Runtime) as FunctionConfig['Runtime'],
      KeyValueStoreAssociations:
        stores.length > 0
          ? await associations(clients, stores)
          : booleanOption(ctx, 'no-kvs')
            ? { Quantity: 0 }
            : (current.KeyValueStoreAssociations ?? { Quantity: 0 }),
    }
    const functionCode =
      code ??
      (await clients.cloudFront.send(new GetFunctionCommand({ Name: name, Stage: 'DEVELOPMENT' })))
        .FunctionCode
    const output = await clients.cloudFront.send(
      new UpdateFunctionCommand({
        Name: name,
        IfMatch: etag,
        FunctionConfig: config,
        FunctionCode: functionCode,
      }),
    )
    emitSummary(ctx, output.FunctionSummary as FunctionSummary, output.ETag)
    return 0
  },
}

const describe: CommandSpec = {
  name: 'describe',
  aliases: ['show'],
  summary: "Show a function's configuration and status",
  args: ['NAME'],
  options: { stage: STAGE_OPTION },
  async run(ctx) {
    const { summary, etag } = await describeFunction(ctx.clients(), arg(ctx, 'NAME'), stageOption(ctx))
    emitSummary(ctx, summary, etag)
    return 0
  },
}

const code: CommandSpec = {
  name: 'code',
  aliases: ['get-code'],
  summary: "Print a function's code (GetFunction)",
  args: ['NAME'],
  options: {
    stage: STAGE_OPTION,
    file: { type: 'string', placeholder: 'PATH', description: 'Write the code here instead of stdout' },
  },
  async run(ctx) {
    const name = arg(ctx, 'NAME')
    const output = await ctx
      .clients()
      .cloudFront.send(new GetFunctionCommand({ Name: name, Stage: stageOption(ctx) }))
    const bytes = Buffer.from(output.FunctionCode ?? new Uint8Array())
    const file = stringOption(ctx, 'file')
    if (file !== undefined) await writeFile(file, bytes)
    if (ctx.out.format === 'json') {
      ctx.out.emit(
        {
          ETag: output.ETag,
          ContentType: output.ContentType,
          ...(file === undefined ? { FunctionCode: bytes.toString('utf8') } : { File: file }),
        },
        () => '',
      )
    } else if (file === undefined) {
      ctx.out.stdout.write(bytes)
    } else {
      ctx.out.emit(undefined, () => `Wrote ${bytes.byteLength} bytes of ${name} to ${file}.`)
    }
    return 0
  },
}

const publish: CommandSpec = {
  name: 'publish',
  summary: 'Copy DEVELOPMENT to LIVE; distributions using the function switch to it',
  args: ['NAME'],
  options: WAIT_OPTIONS,
  async run(ctx) {
    const name = arg(ctx, 'NAME')
    const clients = ctx.clients()
    const { etag } = await describeFunction(clients, name, 'DEVELOPMENT')
    const output = await clients.cloudFront.send(new PublishFunctionCommand({ Name: name, IfMatch: etag }))
    emitSummary(ctx, output.FunctionSummary as FunctionSummary, undefined, await waitIfAsked(ctx))
    return 0
  },
}

const list: CommandSpec = {
  name: 'list',
  aliases: ['ls'],
  summary: 'List functions (all pages)',
  options: { stage: { ...STAGE_OPTION, description: 'Only this stage: DEVELOPMENT or LIVE (default both)' } },
  async run(ctx) {
    const stage = stringOption(ctx, 'stage') === undefined ? undefined : stageOption(ctx)
    const items: FunctionSummary[] = []
    let marker: string | undefined
    do {
      const page = await ctx.clients().cloudFront.send(
        new ListFunctionsCommand({
          ...(marker === undefined ? {} : { Marker: marker }),
          ...(stage === undefined ? {} : { Stage: stage }),
        }),
      )
      items.push(...(page.FunctionList?.Items ?? []))
      marker = page.FunctionList?.NextMarker || undefined
    } while (marker !== undefined)
    ctx.out.emit(items, () =>
      formatTable(items, [
        ['Name', (f) => f.Name],
        ['Stage', (f) => f.FunctionMetadata?.Stage],
        ['Status', (f) => f.Status],
        ['Runtime', (f) => f.FunctionConfig?.Runtime],
        ['Last modified', (f) => f.FunctionMetadata?.LastModifiedTime],
        ['Comment', (f) => f.FunctionConfig?.Comment],
      ]),
    )
    return 0
  },
}

const remove: CommandSpec = {
  name: 'delete',
  aliases: ['rm'],
  summary: 'Delete a function (refused while a distribution uses it)',
  args: ['NAME'],
  async run(ctx) {
    const name = arg(ctx, 'NAME')
    const clients = ctx.clients()
    const { etag } = await describeFunction(clients, name, 'DEVELOPMENT')
    await clients.cloudFront.send(new DeleteFunctionCommand({ Name: name, IfMatch: etag }))
    ctx.out.emit({ Name: name, Deleted: true }, () => `Deleted function ${name}.`)
    return 0
  },
}

/** `verge function ...`: CloudFront Functions. */
export const functionGroup: CommandGroup = {
  name: 'function',
  aliases: ['functions', 'fn'],
  summary: 'Functions: create, update, describe, code, publish, test, list, delete',
  commands: [create, update, describe, code, publish, testCommand, logsCommand, list, remove],
}
