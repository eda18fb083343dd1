/**
 * What `bench/edge-scale.ts` creates through the AWS APIs of a running control plane: the
 * stores (generated import files, imported with CreateKeyValueStore's ImportSource), the
 * published functions and the consistency check on the demo distribution.
 */
import { randomBytes } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import {
  CreateFunctionCommand,
  CreateKeyValueStoreCommand,
  DescribeKeyValueStoreCommand,
  GetDistributionConfigCommand,
  ListDistributionsCommand,
  PublishFunctionCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront'
import {
  DescribeKeyValueStoreCommand as DescribeKvsDataCommand,
  UpdateKeysCommand,
} from '@aws-sdk/client-cloudfront-keyvaluestore'
import type { Clients } from '../src/cli/clients.js'
import { sleep } from './edge-scale-processes.js'

/** Every value is this long, so that rewriting a key keeps a store's size. */
export const VALUE_BYTES = 1000
/** Keys of the check (in the demo store), all set to the same batch number by each UpdateKeys. */
export const CHECK_KEYS = 50
export const CHECK_PATH = '/bench-check'

/** One generated store: its ARN and its keys (all of VALUE_BYTES values). */
export interface DataStore {
  name: string
  arn: string
  keys: string[]
}

/** Room left in the demo store for its own keys and the check's. */
const DEMO_RESERVED_BYTES = 2048

const dataKey = (store: number, i: number) =>
  `s${String(store).padStart(2, '0')}-${String(i).padStart(5, '0')}`

/** A value of VALUE_BYTES printable bytes that differs every time. */
export function freshValue(): string {
  return randomBytes((VALUE_BYTES / 4) * 3).toString('base64')
}

/**
 * Creates `count` stores of as many keys as fit in `storeBytes` (key plus value bytes), each
 * from an import file written into `importDir`; waits for READY. Returns the stores and the
 * bytes of data they hold.
 */
export async function createDataStores(
  clients: Clients,
  importDir: string,
  count: number,
  storeBytes: number,
): Promise<{ stores: DataStore[]; dataBytes: number }> {
  const stores: DataStore[] = []
  let dataBytes = 0
  for (let s = 0; s < count; s++) {
    const perEntry = dataKey(s, 0).length + VALUE_BYTES
    const keys = Array.from({ length: Math.floor(storeBytes / perEntry) }, (_, i) => dataKey(s, i))
    const file = path.join(importDir, `store-${s}.json`)
    writeFileSync(file, JSON.stringify({ data: keys.map((key) => ({ key, value: freshValue() })) }))
    const name = `bench-data-${String(s).padStart(2, '0')}`
    const created = await clients.cloudFront.send(
      new CreateKeyValueStoreCommand({ Name: name, ImportSource: { SourceType: 'S3', SourceARN: file } }),
    )
    let status = created.KeyValueStore?.Status
    const deadline = Date.now() + 120_000
    while (status === 'PROVISIONING' && Date.now() < deadline) {
      await sleep(50)
      const described = await clients.cloudFront.send(new DescribeKeyValueStoreCommand({ Name: name }))
      status = described.KeyValueStore?.Status
    }
    rmSync(file)
    if (status !== 'READY') throw new Error(`store ${name} ended ${status}`)
    stores.push({ name, arn: created.KeyValueStore?.ARN ?? '', keys })
    dataBytes += keys.length * perEntry
  }
  return { stores, dataBytes }
}

/**
 * Fills the demo store (the quota's 50th store) with generated keys up to `storeBytes`, in
 * UpdateKeys batches of 50, keeping room for its own keys and the check's.
 */
export async function fillDemoStore(
  clients: Clients,
  index: number,
  storeBytes: number,
): Promise<{ store: DataStore; dataBytes: number }> {
  const described = await clients.cloudFront.send(new DescribeKeyValueStoreCommand({ Name: 'demo' }))
  const arn = described.KeyValueStore?.ARN ?? ''
  const perEntry = dataKey(index, 0).length + VALUE_BYTES
  const count = Math.floor((storeBytes - DEMO_RESERVED_BYTES) / perEntry)
  const keys = Array.from({ length: count }, (_, i) => dataKey(index, i))
  let etag = (await clients.keyValueStore.send(new DescribeKvsDataCommand({ KvsARN: arn }))).ETag
  for (let i = 0; i < keys.length; i += 50) {
    const Puts = keys.slice(i, i + 50).map((Key) => ({ Key, Value: freshValue() }))
    const result = await clients.keyValueStore.send(
      new UpdateKeysCommand({ KvsARN: arn, IfMatch: etag, Puts }),
    )
    etag = result.ETag
  }
  return { store: { name: 'demo', arn, keys }, dataBytes: count * perEntry }
}

/** The check function: reads every key of its store and says whether they all agree. */
const CHECK_FUNCTION = `import cf from 'cloudfront';
const kvs = cf.kvs();
async function handler(event) {
  const values = [];
  for (let i = 0; i < ${CHECK_KEYS}; i++) {
    try { values.push(await kvs.get('g' + i)); } catch (e) { values.push('missing'); }
  }
  const consistent = values.every((v) => v === values[0]);
  return { statusCode: 200, statusDescription: 'OK',
    body: { encoding: 'text', data: JSON.stringify({ consistent: consistent, values: values }) } };
}
`

/** A function no distribution uses, reading one key of its store into a header. */
const fillerFunction = (n: number, key: string) => `import cf from 'cloudfront';
// bench filler ${n}
const kvs = cf.kvs();
async function handler(event) {
  try { event.request.headers['x-bench-${n}'] = { value: (await kvs.get('${key}')).slice(0, 8) }; } catch (e) {}
  return event.request;
}
`

async function createPublished(clients: Clients, name: string, code: string, storeArn: string) {
  const created = await clients.cloudFront.send(
    new CreateFunctionCommand({
      Name: name,
      FunctionConfig: {
        Comment: 'edge-scale bench',
        Runtime: 'cloudfront-js-2.0',
        KeyValueStoreAssociations: { Quantity: 1, Items: [{ KeyValueStoreARN: storeArn }] },
      },
      FunctionCode: Buffer.from(code),
    }),
  )
  await clients.cloudFront.send(new PublishFunctionCommand({ Name: name, IfMatch: created.ETag }))
  return created.FunctionSummary?.FunctionMetadata?.FunctionARN ?? ''
}

/**
 * Publishes the consistency check (over the demo store) and `fillers` unused functions (each
 * over one of the stores); returns the check function's ARN.
 */
export async function createFunctions(
  clients: Clients,
  stores: DataStore[],
  demoStoreArn: string,
  fillers: number,
): Promise<string> {
  const checkArn = await createPublished(clients, 'bench-check', CHECK_FUNCTION, demoStoreArn)
  for (let n = 0; n < fillers; n++) {
    const target = stores[n % stores.length]!
    await createPublished(clients, `bench-filler-${n}`, fillerFunction(n, target.keys[0]!), target.arn)
  }
  return checkArn
}

/** The demo distribution's id (the seed's only distribution). */
export async function demoDistributionId(clients: Clients): Promise<string> {
  const list = await clients.cloudFront.send(new ListDistributionsCommand({}))
  const items = list.DistributionList?.Items ?? []
  const demo = items.find((d) => d.Comment?.startsWith('Verge demo')) ?? items[0]
  if (demo?.Id === undefined) throw new Error('no demo distribution: did verge start seed it?')
  return demo.Id
}

/** Adds `CHECK_PATH` to the distribution, running the check function, uncached. */
export async function addCheckBehavior(clients: Clients, distributionId: string, checkArn: string) {
  const got = await clients.cloudFront.send(new GetDistributionConfigCommand({ Id: distributionId }))
  const config = got.DistributionConfig
  if (config?.DefaultCacheBehavior === undefined)
    throw new Error('the demo distribution has no default behavior')
  const behaviors = config.CacheBehaviors?.Items ?? []
  behaviors.push({
    ...config.DefaultCacheBehavior,
    PathPattern: CHECK_PATH,
    FunctionAssociations: { Quantity: 1, Items: [{ FunctionARN: checkArn, EventType: 'viewer-request' }] },
  })
  config.CacheBehaviors = { Quantity: behaviors.length, Items: behaviors }
  await clients.cloudFront.send(
    new UpdateDistributionCommand({ Id: distributionId, IfMatch: got.ETag, DistributionConfig: config }),
  )
}
