import {
  DeleteKeyCommand,
  DescribeKeyValueStoreCommand,
  GetKeyCommand,
  ListKeysCommand,
  type ListKeysResponseListItem,
  PutKeyCommand,
  UpdateKeysCommand,
} from '@aws-sdk/client-cloudfront-keyvaluestore'
import type { Clients } from '../clients.js'
import { arg, type CommandContext, type CommandGroup, type CommandSpec, stringOption } from '../command.js'
import { usageError } from '../errors.js'
import { readInput, readJsonObject } from '../files.js'
import { formatTable, plural } from '../output.js'
import { WAIT_OPTIONS, waitIfAsked, withPropagation } from '../propagation.js'
import { storeArn } from '../resolve.js'

const IF_MATCH = {
  'if-match': {
    type: 'string',
    placeholder: 'ETAG',
    description: "Use this data ETag instead of reading the store's current one (no retry)",
  },
  ...WAIT_OPTIONS,
} as const

async function dataEtag(clients: Clients, arn: string): Promise<string> {
  return (await clients.keyValueStore.send(new DescribeKeyValueStoreCommand({ KvsARN: arn }))).ETag ?? ''
}

/**
 * Runs a key write with the store's current data ETag, and once more with a fresh one if
 * another writer got in between (ConflictException). Safe: PutKey, DeleteKey and UpdateKeys are
 * idempotent in AWS's API model. An explicit `--if-match` is used as given, without retry.
 */
async function withDataEtag<T>(
  ctx: CommandContext,
  arn: string,
  write: (ifMatch: string) => Promise<T>,
): Promise<T> {
  const explicit = stringOption(ctx, 'if-match')
  if (explicit !== undefined) return write(explicit)
  const clients = ctx.clients()
  try {
    return await write(await dataEtag(clients, arn))
  } catch (error) {
    if ((error as Error).name !== 'ConflictException') throw error
    return write(await dataEtag(clients, arn))
  }
}

interface WriteResult {
  ETag?: string | undefined
  ItemCount?: number | undefined
  TotalSizeInBytes?: number | undefined
}

const written = (store: string, what: string, result: WriteResult) => {
  const data = {
    Store: store,
    ETag: result.ETag,
    ItemCount: result.ItemCount,
    TotalSizeInBytes: result.TotalSizeInBytes,
  }
  return [
    data,
    () =>
      `${what} ${store} now holds ${plural(result.ItemCount, 'key')} (${plural(result.TotalSizeInBytes, 'byte')}).`,
  ] as const
}

const get: CommandSpec = {
  name: 'get',
  summary: "Print a key's value",
  args: ['STORE', 'KEY'],
  details: 'STORE is a store name or ARN. In table output only the value is printed.',
  async run(ctx) {
    const clients = ctx.clients()
    const arn = await storeArn(clients, arg(ctx, 'STORE'))
    const { $metadata, ...entry } = await clients.keyValueStore.send(
      new GetKeyCommand({ KvsARN: arn, Key: arg(ctx, 'KEY') }),
    )
    ctx.out.emit(entry, () => entry.Value ?? '')
    return 0
  },
}

const put: CommandSpec = {
  name: 'put',
  aliases: ['set'],
  summary: 'Set a key to a value (reads the data ETag for you, retries once on conflict)',
  args: ['STORE', 'KEY', 'VALUE?'],
  options: {
    'value-file': {
      type: 'string',
      placeholder: 'PATH',
      description: 'Read the value from a file (- for stdin)',
    },
    ...IF_MATCH,
  },
  details:
    'Example: verge key put demo hello "Hello World"\nPut -- before a VALUE that starts with "-": verge key put demo n -- -1',
  async run(ctx) {
    const store = arg(ctx, 'STORE')
    const key = arg(ctx, 'KEY')
    const valueFile = stringOption(ctx, 'value-file')
    const positional = ctx.args.VALUE
    if ((positional === undefined) === (valueFile === undefined))
      throw usageError('Give VALUE or --value-file.')
    const value = positional ?? (await readInput(valueFile as string)).toString('utf8')
    const clients = ctx.clients()
    const arn = await storeArn(clients, store)
    const result = await withDataEtag(ctx, arn, (ifMatch) =>
      clients.keyValueStore.send(
        new PutKeyCommand({ KvsARN: arn, Key: key, Value: value, IfMatch: ifMatch }),
      ),
    )
    ctx.out.emit(...withPropagation(written(store, `Put ${key}.`, result), await waitIfAsked(ctx)))
    return 0
  },
}

const remove: CommandSpec = {
  name: 'delete',
  aliases: ['rm'],
  summary: 'Delete a key (reads the data ETag for you, retries once on conflict)',
  args: ['STORE', 'KEY'],
  options: { ...IF_MATCH },
  async run(ctx) {
    const store = arg(ctx, 'STORE')
    const key = arg(ctx, 'KEY')
    const clients = ctx.clients()
    const arn = await storeArn(clients, store)
    const result = await withDataEtag(ctx, arn, (ifMatch) =>
      clients.keyValueStore.send(new DeleteKeyCommand({ KvsARN: arn, Key: key, IfMatch: ifMatch })),
    )
    ctx.out.emit(...withPropagation(written(store, `Deleted ${key}.`, result), await waitIfAsked(ctx)))
    return 0
  },
}

const list: CommandSpec = {
  name: 'list',
  aliases: ['ls'],
  summary: 'List the keys and values of a store (all pages)',
  args: ['STORE'],
  async run(ctx) {
    const clients = ctx.clients()
    const arn = await storeArn(clients, arg(ctx, 'STORE'))
    const items: ListKeysResponseListItem[] = []
    let token: string | undefined
    do {
      const page = await clients.keyValueStore.send(
        new ListKeysCommand({
          KvsARN: arn,
          MaxResults: 50,
          ...(token === undefined ? {} : { NextToken: token }),
        }),
      )
      items.push(...(page.Items ?? []))
      token = page.NextToken || undefined
    } while (token !== undefined)
    ctx.out.emit(items, () =>
      formatTable(items, [
        ['Key', (i) => i.Key],
        ['Value', (i) => i.Value],
      ]),
    )
    return 0
  },
}

/**
 * The keys among `keys` the store does not hold. UpdateKeys deletes an absent key without an
 * error (unlike DeleteKey, which answers ResourceNotFoundException), so the CLI looks first.
 */
async function missingKeys(clients: Clients, arn: string, keys: readonly string[]): Promise<string[]> {
  const missing: string[] = []
  // A few at a time: a batch holds at most 50 keys.
  for (let i = 0; i < keys.length; i += 10) {
    const found = await Promise.all(
      keys.slice(i, i + 10).map((key) =>
        clients.keyValueStore.send(new GetKeyCommand({ KvsARN: arn, Key: key })).then(
          () => true,
          (error: Error) => {
            if (error.name === 'ResourceNotFoundException') return false
            throw error
          },
        ),
      ),
    )
    keys.slice(i, i + 10).forEach((key, j) => {
      if (found[j] === false) missing.push(key)
    })
  }
  return missing
}

/** `{"Puts":[{"Key","Value"}],"Deletes":[{"Key"} or "key"]}`, or an import file (`data`) as puts. */
function parseBatch(file: string, body: Record<string, unknown>) {
  const fail = (message: string) => usageError(`${file}: ${message}`)
  const entries = (name: string) => {
    const value = body[name]
    if (value === undefined) return []
    if (!Array.isArray(value)) throw fail(`${name} must be a list.`)
    return value as unknown[]
  }
  const text = (item: unknown, field: string, where: string): string => {
    const value =
      typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[field] : undefined
    if (typeof value !== 'string') throw fail(`${where}.${field} must be a string.`)
    return value
  }
  const puts = [
    ...entries('Puts').map((p, i) => ({
      Key: text(p, 'Key', `Puts[${i}]`),
      Value: text(p, 'Value', `Puts[${i}]`),
    })),
    ...entries('data').map((p, i) => ({
      Key: text(p, 'key', `data[${i}]`),
      Value: text(p, 'value', `data[${i}]`),
    })),
  ]
  const deletes = entries('Deletes').map((d, i) => ({
    Key: typeof d === 'string' ? d : text(d, 'Key', `Deletes[${i}]`),
  }))
  if (puts.length === 0 && deletes.length === 0) throw fail('has no Puts, Deletes or data.')
  return { puts, deletes }
}

const update: CommandSpec = {
  name: 'update',
  aliases: ['batch'],
  summary: 'Put and delete many keys at once, all or nothing (UpdateKeys)',
  args: ['STORE'],
  options: {
    file: {
      type: 'string',
      placeholder: 'PATH',
      description: 'JSON: {"Puts":[{"Key","Value"}],"Deletes":[{"Key"}]} or an import file {"data":[...]}',
    },
    ...IF_MATCH,
  },
  async run(ctx) {
    const store = arg(ctx, 'STORE')
    const file = stringOption(ctx, 'file')
    if (file === undefined) throw usageError('--file is required.')
    const { puts, deletes } = parseBatch(file, await readJsonObject(file))
    const clients = ctx.clients()
    const arn = await storeArn(clients, store)
    let missing: string[] = []
    const result = await withDataEtag(ctx, arn, async (ifMatch) => {
      // Read under the same data ETag as the write: if UpdateKeys accepts it, nothing changed
      // in between, so these are exactly the deletes that found no key.
      missing = await missingKeys(
        clients,
        arn,
        deletes.map((d) => d.Key),
      )
      return clients.keyValueStore.send(
        new UpdateKeysCommand({
          KvsARN: arn,
          IfMatch: ifMatch,
          ...(puts.length === 0 ? {} : { Puts: puts }),
          ...(deletes.length === 0 ? {} : { Deletes: deletes }),
        }),
      )
    })
    const deleted = deletes.length - missing.length
    const parts = [
      ...(puts.length === 0 ? [] : [`Put ${plural(puts.length, 'key')}`]),
      ...(deletes.length === 0 ? [] : [`deleted ${plural(deleted, 'key')}`]),
    ]
    const what = parts.join(', ').replace(/^d/, 'D')
    const notThere =
      missing.length === 0
        ? ''
        : ` ${missing.length === 1 ? 'This key was' : 'These keys were'} not there, nothing to delete: ${missing.join(', ')}.`
    const [data, human] = written(store, `${what}.${notThere}`, result)
    ctx.out.emit(
      ...withPropagation(
        [{ ...data, Puts: puts.length, Deletes: deletes.length, Deleted: deleted, NotFound: missing }, human],
        await waitIfAsked(ctx),
      ),
    )
    return 0
  },
}

/** `verge key ...`: the keys of a store, through the KeyValueStore data plane. */
export const keyGroup: CommandGroup = {
  name: 'key',
  aliases: ['keys'],
  summary: 'Keys of a store: get, put, delete, list, update (batch from a file)',
  commands: [get, put, remove, list, update],
}
