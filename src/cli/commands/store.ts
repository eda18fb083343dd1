import {
  CreateKeyValueStoreCommand,
  DeleteKeyValueStoreCommand,
  DescribeKeyValueStoreCommand,
  type KeyValueStore,
  ListKeyValueStoresCommand,
  UpdateKeyValueStoreCommand,
} from '@aws-sdk/client-cloudfront'
import { DescribeKeyValueStoreCommand as DescribeStoreDataCommand } from '@aws-sdk/client-cloudfront-keyvaluestore'
import type { Clients } from '../clients.js'
import {
  arg,
  booleanOption,
  type CommandGroup,
  type CommandSpec,
  requiredOption,
  stringOption,
} from '../command.js'
import { CliError, usageError } from '../errors.js'
import { readInput } from '../files.js'
import { formatRecord, formatTable } from '../output.js'
import { importFile, storeContentCommands } from './store-content.js'

const STATUSES = ['READY', 'PROVISIONING', 'IMPORT_FAILURE']

async function describeStore(clients: Clients, name: string) {
  const output = await clients.cloudFront.send(new DescribeKeyValueStoreCommand({ Name: name }))
  return { store: output.KeyValueStore as KeyValueStore, etag: output.ETag ?? '' }
}

/** The data plane's view (item count, size, data ETag); undefined while it refuses (not READY). */
async function describeData(clients: Clients, arn: string) {
  try {
    const { $metadata, ...data } = await clients.keyValueStore.send(
      new DescribeStoreDataCommand({ KvsARN: arn }),
    )
    return data
  } catch (error) {
    if ((error as Error).name === 'ConflictException') return undefined
    throw error
  }
}

const storeFields = (store: KeyValueStore, etag: string): Array<[string, unknown]> => [
  ['Name', store.Name],
  ['Id', store.Id],
  ['ARN', store.ARN],
  ['Status', store.Status],
  ['Comment', store.Comment],
  ['Last modified', store.LastModifiedTime],
  ['ETag', etag],
]

/** Polls until the store leaves PROVISIONING; IMPORT_FAILURE is an error with the reason. */
async function waitForStore(clients: Clients, name: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const described = await describeStore(clients, name)
    if (described.store.Status === 'IMPORT_FAILURE') {
      const data = await describeData(clients, described.store.ARN ?? '').catch(() => undefined)
      throw new CliError(
        'ImportFailed',
        `The import into ${name} failed: ${data?.FailureReason ?? 'no reason given'}`,
      )
    }
    if (described.store.Status !== 'PROVISIONING') return described
    if (Date.now() > deadline)
      throw new CliError('Timeout', `${name} is still PROVISIONING after ${timeoutMs / 1000} s.`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

const create: CommandSpec = {
  name: 'create',
  summary: 'Create a key value store, empty or from an import file (local, http(s), S3)',
  args: ['NAME'],
  options: {
    comment: { type: 'string', placeholder: 'TEXT', description: 'Comment (up to 128 characters)' },
    file: {
      type: 'string',
      placeholder: 'PATH',
      description: 'Import this local file ({"data":[{"key","value"}]}); - for stdin',
    },
    source: {
      type: 'string',
      placeholder: 'SOURCE',
      description:
        'Import from s3://bucket/key, arn:aws:s3:::bucket/key or http(s):// (read by the control plane)',
    },
    'no-wait': { type: 'boolean', description: 'With --source: return while the store is PROVISIONING' },
  },
  details: `Examples:
  verge store create demo --comment "demo store"
  verge store create demo --file ./data.json
  verge store create demo --source s3://bucket/data.json`,
  async run(ctx) {
    const name = arg(ctx, 'NAME')
    const file = stringOption(ctx, 'file')
    const source = stringOption(ctx, 'source')
    if (file !== undefined && source !== undefined) throw usageError('Give --file or --source, not both.')
    // Read the file first: a missing file must not leave an empty store behind.
    const bytes = file === undefined ? undefined : await readInput(file)
    const clients = ctx.clients()
    const comment = stringOption(ctx, 'comment')
    const created = await clients.cloudFront.send(
      new CreateKeyValueStoreCommand({
        Name: name,
        ...(comment === undefined ? {} : { Comment: comment }),
        ...(source === undefined ? {} : { ImportSource: { SourceType: 'S3', SourceARN: source } }),
      }),
    )
    let store = created.KeyValueStore as KeyValueStore
    let etag = created.ETag ?? ''
    let imported: { itemCount: number; totalSizeInBytes: number } | undefined
    if (bytes !== undefined) {
      try {
        imported = await importFile(ctx, name, bytes, undefined)
      } catch (error) {
        // All or nothing: a store whose file was refused is removed again.
        await clients.cloudFront
          .send(new DeleteKeyValueStoreCommand({ Name: name, IfMatch: etag }))
          .catch(() => {})
        throw error
      }
    } else if (source !== undefined && !booleanOption(ctx, 'no-wait')) {
      ;({ store, etag } = await waitForStore(clients, name, 120_000))
    }
    ctx.out.emit(
      { ETag: etag, KeyValueStore: store, ...(imported === undefined ? {} : { Import: imported }) },
      () =>
        formatRecord([
          ...storeFields(store, etag),
          ...(imported === undefined
            ? []
            : ([['Imported keys', imported.itemCount]] as Array<[string, unknown]>)),
        ]),
    )
    return 0
  },
}

const list: CommandSpec = {
  name: 'list',
  aliases: ['ls'],
  summary: 'List key value stores (all pages)',
  options: {
    status: { type: 'string', placeholder: 'STATUS', description: `Only stores in ${STATUSES.join(' | ')}` },
  },
  async run(ctx) {
    const status = stringOption(ctx, 'status')
    if (status !== undefined && !STATUSES.includes(status))
      throw usageError(`--status must be one of ${STATUSES.join(', ')}.`)
    const items: KeyValueStore[] = []
    let marker: string | undefined
    do {
      const page = await ctx.clients().cloudFront.send(
        new ListKeyValueStoresCommand({
          ...(marker === undefined ? {} : { Marker: marker }),
          ...(status === undefined ? {} : { Status: status }),
        }),
      )
      items.push(...(page.KeyValueStoreList?.Items ?? []))
      marker = page.KeyValueStoreList?.NextMarker || undefined
    } while (marker !== undefined)
    ctx.out.emit(items, () =>
      formatTable(items, [
        ['Name', (s) => s.Name],
        ['Status', (s) => s.Status],
        ['Last modified', (s) => s.LastModifiedTime],
        ['Comment', (s) => s.Comment],
        ['ARN', (s) => s.ARN],
      ]),
    )
    return 0
  },
}

const describe: CommandSpec = {
  name: 'describe',
  aliases: ['show'],
  summary: 'Show a key value store: control-plane fields plus item count, size and data ETag',
  args: ['NAME'],
  async run(ctx) {
    const clients = ctx.clients()
    const { store, etag } = await describeStore(clients, arg(ctx, 'NAME'))
    const data = await describeData(clients, store.ARN ?? '')
    ctx.out.emit({ ETag: etag, KeyValueStore: store, ...(data === undefined ? {} : { Data: data }) }, () =>
      formatRecord([
        ...storeFields(store, etag),
        ['Items', data?.ItemCount],
        ['Size (bytes)', data?.TotalSizeInBytes],
        ['Data ETag', data?.ETag],
        ...(data?.FailureReason === undefined
          ? []
          : ([['Failure', data.FailureReason]] as Array<[string, unknown]>)),
      ]),
    )
    return 0
  },
}

const update: CommandSpec = {
  name: 'update',
  summary: "Change a store's comment (reads the current ETag for you)",
  args: ['NAME'],
  options: {
    comment: { type: 'string', placeholder: 'TEXT', description: 'The new comment (required)' },
    'if-match': { type: 'string', placeholder: 'ETAG', description: 'Fail unless the store is at this ETag' },
  },
  async run(ctx) {
    const name = arg(ctx, 'NAME')
    const comment = requiredOption(ctx, 'comment')
    const clients = ctx.clients()
    const ifMatch = stringOption(ctx, 'if-match') ?? (await describeStore(clients, name)).etag
    const output = await clients.cloudFront.send(
      new UpdateKeyValueStoreCommand({ Name: name, Comment: comment, IfMatch: ifMatch }),
    )
    const store = output.KeyValueStore as KeyValueStore
    ctx.out.emit({ ETag: output.ETag, KeyValueStore: store }, () =>
      formatRecord(storeFields(store, output.ETag ?? '')),
    )
    return 0
  },
}

const remove: CommandSpec = {
  name: 'delete',
  aliases: ['rm'],
  summary: 'Delete a key value store (refused while a function uses it)',
  args: ['NAME'],
  options: {
    'if-match': { type: 'string', placeholder: 'ETAG', description: 'Fail unless the store is at this ETag' },
  },
  async run(ctx) {
    const name = arg(ctx, 'NAME')
    const clients = ctx.clients()
    const ifMatch = stringOption(ctx, 'if-match') ?? (await describeStore(clients, name)).etag
    await clients.cloudFront.send(new DeleteKeyValueStoreCommand({ Name: name, IfMatch: ifMatch }))
    ctx.out.emit({ Name: name, Deleted: true }, () => `Deleted key value store ${name}.`)
    return 0
  },
}

/** `verge store ...`: key value stores. */
export const storeGroup: CommandGroup = {
  name: 'store',
  aliases: ['stores', 'kvs'],
  summary: 'Key value stores: create, list, describe, update, delete, import, export, revisions, rollback',
  commands: [create, list, describe, update, remove, ...storeContentCommands],
}
