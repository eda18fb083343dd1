/**
 * The traffic of `bench/edge-scale.ts`: key writes at a steady rate through the KVS SDK
 * client, UpdateKeys batches of the check keys in the demo store, a steady stream of viewer requests,
 * and the edges view of the admin API.
 */

import { Worker } from 'node:worker_threads'
import {
  DescribeKeyValueStoreCommand,
  PutKeyCommand,
  UpdateKeysCommand,
} from '@aws-sdk/client-cloudfront-keyvaluestore'
import { Pool } from 'undici'
import type { AdminClient } from '../src/cli/admin-client.js'
import type { Clients } from '../src/cli/clients.js'
import { sleep } from './edge-scale-processes.js'
import { CHECK_KEYS, type DataStore, freshValue } from './edge-scale-setup.js'

/** Sequential writes, each with the store's current ETag. */
export class KeyWriter {
  readonly #clients: Clients
  readonly #etags = new Map<string, string>()
  constructor(clients: Clients) {
    this.#clients = clients
  }

  async #etag(arn: string): Promise<string> {
    const known = this.#etags.get(arn)
    if (known !== undefined) return known
    const described = await this.#clients.keyValueStore.send(
      new DescribeKeyValueStoreCommand({ KvsARN: arn }),
    )
    return described.ETag ?? ''
  }

  async putKey(arn: string, key: string, value: string): Promise<void> {
    const result = await this.#clients.keyValueStore.send(
      new PutKeyCommand({ KvsARN: arn, Key: key, Value: value, IfMatch: await this.#etag(arn) }),
    )
    this.#etags.set(arn, result.ETag ?? '')
  }

  /** Sets every key of the check (in the demo store) to `batch` in one UpdateKeys. */
  async writeBatch(arn: string, batch: number): Promise<void> {
    const Puts = Array.from({ length: CHECK_KEYS }, (_, i) => ({ Key: `g${i}`, Value: `b${batch}` }))
    const result = await this.#clients.keyValueStore.send(
      new UpdateKeysCommand({ KvsARN: arn, IfMatch: await this.#etag(arn), Puts }),
    )
    this.#etags.set(arn, result.ETag ?? '')
  }
}

/**
 * Runs `write(i)` at `perSecond` for `durationMs` (one at a time; a late write goes out at
 * once rather than being skipped). Resolves with the number of writes done.
 */
export async function atRate(
  perSecond: number,
  durationMs: number,
  write: (i: number) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<number> {
  const start = Date.now()
  const count = Math.floor((perSecond * durationMs) / 1000)
  let i = 0
  for (; i < count && !stop(); i++) {
    const wait = start + (i * 1000) / perSecond - Date.now()
    if (wait > 0) await sleep(wait)
    await write(i)
  }
  return i
}

/** Round-robin rewrites of existing keys of the data stores (sizes unchanged). */
export function dataWrite(writer: KeyWriter, stores: DataStore[]): (i: number) => Promise<void> {
  return (i) => {
    const store = stores[i % stores.length]!
    const key = store.keys[Math.floor(i / stores.length) % store.keys.length]!
    return writer.putKey(store.arn, key, freshValue())
  }
}

/** Latencies of a request stream, in ms. */
export interface StreamResult {
  latencies: number[]
  errors: number
  statuses: Map<number, number>
}

/**
 * Sends GET `path` to `url` at `perSecond` over `connections` keep-alive connections until
 * `stop()` says so; each latency is from the send to the end of the body.
 */
export async function requestStream(
  url: string,
  path: string,
  perSecond: number,
  connections: number,
  stop: () => boolean,
): Promise<StreamResult> {
  const pool = new Pool(url, { connections, pipelining: 1 })
  const result: StreamResult = { latencies: [], errors: 0, statuses: new Map() }
  const inFlight = new Set<Promise<void>>()
  const start = Date.now()
  try {
    for (let i = 0; !stop(); i++) {
      const wait = start + (i * 1000) / perSecond - Date.now()
      if (wait > 0) await sleep(wait)
      const sent = performance.now()
      const done = pool
        .request({ path, method: 'GET' })
        .then(async (response) => {
          await response.body.text()
          result.latencies.push(performance.now() - sent)
          result.statuses.set(response.statusCode, (result.statuses.get(response.statusCode) ?? 0) + 1)
        })
        .catch(() => {
          result.errors++
        })
        .finally(() => inFlight.delete(done))
      inFlight.add(done)
    }
    await Promise.all(inFlight)
  } finally {
    await pool.close()
  }
  return result
}

/** `requestStream` on a worker thread; `stop()` ends it and resolves with its result. */
export function requestStreamThread(
  url: string,
  path: string,
  perSecond: number,
  connections: number,
): { stop(): Promise<StreamResult> } {
  const worker = new Worker(new URL('./edge-scale-stream-worker.js', import.meta.url), {
    workerData: { url, path, perSecond, connections },
  })
  const result = new Promise<StreamResult>((resolve, reject) => {
    worker.once('message', (message: StreamResult) => resolve(message))
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`request stream thread exited with ${code}`)))
  })
  return {
    async stop() {
      worker.postMessage('stop')
      try {
        return await result
      } finally {
        await worker.terminate()
      }
    },
  }
}

/** The value of `q` (0..1) in sorted `values`. */
export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

/** One GET; undefined if the edge does not answer (not listening yet, or reset). */
export async function getText(url: string): Promise<{ status: number; body: string } | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) })
    return { status: response.status, body: await response.text() }
  } catch {
    return undefined
  }
}

/** The consistency check's answer: whether every key agreed, and the batch they name. */
export function parseCheck(body: string): { consistent: boolean; batch: number; distinct: number } {
  const parsed = JSON.parse(body) as { consistent: boolean; values: string[] }
  const distinct = new Set(parsed.values).size
  const batch = /^b(\d+)$/.exec(parsed.values[0] ?? '')?.[1]
  return { consistent: parsed.consistent, batch: batch === undefined ? -1 : Number(batch), distinct }
}

interface EdgesView {
  latestRevision: number
  edges: { name: string; connected: boolean; appliedRevision: number }[]
}

/** The control plane's latest revision and the applied revision of the edge named `name`. */
export async function edgeStatus(
  admin: AdminClient,
  name: string,
): Promise<{ latest: number; applied: number | undefined }> {
  const view = await admin.json<EdgesView>({ method: 'GET', path: 'edges' })
  return { latest: view.latestRevision, applied: view.edges.find((e) => e.name === name)?.appliedRevision }
}

/** Polls the edges view until the edge named `name` has applied the latest revision. */
export async function untilCaughtUp(admin: AdminClient, name: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs
  let last = 'no answer'
  for (;;) {
    try {
      const status = await edgeStatus(admin, name)
      if (status.applied !== undefined && status.applied >= status.latest) return status.latest
      last = `at revision ${status.applied ?? 'none'} of ${status.latest}`
    } catch (error) {
      // A busy control plane may drop a kept-alive socket: a poll is tried again, not fatal.
      if (!isNetworkError(error)) throw error
      last = `the edges view failed: ${(error as Error).message}`
    }
    if (Date.now() > deadline) throw new Error(`edge ${name}: ${last} after ${timeoutMs} ms`)
    await sleep(25)
  }
}

function isNetworkError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === 'EPIPE' || code === 'ETIMEDOUT'
}
