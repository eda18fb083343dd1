import { join } from 'node:path'
import { type ControlPlane, startControlPlane } from '../../src/control/control-plane.js'
import { TEST_CREDENTIALS } from './control-plane.js'
import { functionDistribution } from './function-distribution.js'

export const BATCH_EDGE_TOKEN = 'vet_test-edge-token'
const KEYS = Array.from({ length: 50 }, (_, i) => `g${i}`)
/** Answers the one batch its store's 50 keys hold, or `mixed …` if they disagree. */
const CHECK = `import cf from 'cloudfront'
const kvs = cf.kvs()
async function handler(event) {
  const seen = []
  for (let i = 0; i < 50; i++) {
    const value = await kvs.get('g' + i)
    if (seen.indexOf(value) === -1) seen.push(value)
  }
  const data = seen.length === 1 ? seen[0] : 'mixed ' + seen.join(',')
  return { statusCode: 200, statusDescription: 'OK', body: { encoding: 'text', data: data } }
}`

/**
 * A control plane whose one store holds 50 keys `g0`…`g49`, all set to the same batch `bN` by
 * each UpdateKeys (`writeBatch`), and a distribution whose function answers the batch its keys
 * hold (or `mixed …`): a reader that ever saw two revisions of the store at once says so.
 */
export interface BatchStore {
  readonly cp: ControlPlane
  readonly distributionId: string
  readonly keys: readonly string[]
  /** Batches written so far. */
  readonly batches: number
  /** Writes the next batch in one UpdateKeys; resolves with its revision. */
  writeBatch(): Promise<number>
  /**
   * Writes the next batch as an import of the whole store, with `fillerKeys` more keys of 1,000
   * bytes (a change of about `fillerKeys` KB); resolves with its revision.
   */
  importBatch(fillerKeys: number): Promise<number>
  /** The batch a replica at `revision` holds: the last one committed at or before it. */
  batchFor(revision: number): number
}

export async function startBatchStore(dataDir: string): Promise<BatchStore> {
  const cp = await startControlPlane({
    dataDir: join(dataDir, 'control'),
    credentials: TEST_CREDENTIALS,
    edgeToken: BATCH_EDGE_TOKEN,
  })
  const store = await cp.keyValueStores.createKeyValueStore({ name: 'batches' })
  let etag = store.dataEtag
  let batches = 0
  const batchAt = new Map<number, number>()
  const writeBatch = async () => {
    const batch = ++batches
    const result = await cp.keys.updateKeys(store.arn, {
      ifMatch: etag,
      puts: KEYS.map((key) => ({ key, value: `b${batch}` })),
    })
    etag = result.etag
    const revision = await cp.state.latestRevision()
    batchAt.set(revision, batch)
    return revision
  }
  const importBatch = async (fillerKeys: number) => {
    const batch = ++batches
    const data = [
      ...KEYS.map((key) => ({ key, value: `b${batch}` })),
      ...Array.from({ length: fillerKeys }, (_, i) => ({
        key: `filler-${i}`,
        value: `${batch}`.padEnd(1000, '.'),
      })),
    ]
    await cp.keyValueStores.importKeyValueStore('batches', {
      bytes: new TextEncoder().encode(JSON.stringify({ data })),
    })
    etag = (await cp.keyValueStores.describeKeyValueStore('batches')).dataEtag
    const revision = await cp.state.latestRevision()
    batchAt.set(revision, batch)
    return revision
  }
  await writeBatch()
  const created = await cp.functions.createFunction({
    name: 'check',
    config: { comment: '', runtime: 'cloudfront-js-2.0', keyValueStoreArns: [store.arn] },
    code: CHECK,
  })
  const fn = await cp.functions.publishFunction('check', { ifMatch: created.etag })
  const distributionId = (
    await cp.distributions.createDistribution(functionDistribution('batch-store', fn.arn))
  ).id
  return {
    cp,
    distributionId,
    keys: KEYS,
    get batches() {
      return batches
    },
    writeBatch,
    importBatch,
    batchFor(revision) {
      let batch = 0
      for (const [at, written] of batchAt) if (at <= revision && written > batch) batch = written
      return batch
    },
  }
}
