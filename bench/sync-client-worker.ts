/**
 * Lightweight edges for the benchmarks, many in one process (`bench/sync-clients.ts` forks it):
 * each speaks the sync protocol of `src/sync/protocol.ts` as `verge edge` does (the change
 * stream after a revision, one ack in flight at a time, a newer revision acked right after)
 * and applies `kvs.key.put` to an in-memory map, without the edge's viewer, sandbox or disk.
 *
 * Told `{ urls, count, first, after, token }` over IPC, it connects client i to
 * `urls[(first + i) % urls.length]`, says `{ type: 'ready' }` once every stream said hello, and
 * for each PutKey value `p-<n>` says `{ type: 'applied', n, at }` once all its clients applied
 * it (`at` on the machine's clock, ms). On `{ type: 'stop' }` it closes everything and exits.
 */
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Pool } from 'undici'
import {
  EDGE_ID_HEADER,
  EDGE_NAME_HEADER,
  StreamDecoder,
  SYNC_ACK_PATH,
  SYNC_CHANGES_PATH,
} from '../src/sync/index.js'

export interface WorkerStart {
  urls: string[]
  count: number
  /** The index of this worker's first client among all clients. */
  first: number
  after: number
  token: string
}

export type WorkerReport =
  | { type: 'ready' }
  | { type: 'applied'; n: number; at: number }
  | { type: 'error'; message: string }

const report = (message: WorkerReport) => process.send?.(message)
const now = () => performance.timeOrigin + performance.now()

function startClients(start: WorkerStart): () => void {
  const streams = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY })
  const acks = new Map(start.urls.map((url) => [url, new Pool(url, { connections: 16 })]))
  const responses: IncomingMessage[] = []
  const appliedBy = new Map<number, number>()
  let connected = 0

  for (let i = 0; i < start.count; i++) {
    const id = `bench-edge-${start.first + i}`
    const url = start.urls[(start.first + i) % start.urls.length]!
    const headers = { authorization: `Bearer ${start.token}`, [EDGE_ID_HEADER]: id, [EDGE_NAME_HEADER]: id }
    const replica = new Map<string, string>()
    let revision = start.after
    let inFlight = false
    let again = false
    const ack = async () => {
      if (inFlight) {
        again = true
        return
      }
      inFlight = true
      try {
        do {
          again = false
          const response = await acks.get(url)!.request({
            method: 'POST',
            path: SYNC_ACK_PATH,
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({ revision }),
          })
          await response.body.dump()
        } while (again)
      } catch (error) {
        report({ type: 'error', message: `ack: ${(error as Error).message}` })
      } finally {
        inFlight = false
      }
    }
    const streamUrl = new URL(SYNC_CHANGES_PATH, url)
    streamUrl.searchParams.set('after', String(start.after))
    const req = httpRequest(streamUrl, { headers, agent: streams }, (res) => {
      responses.push(res)
      if (res.statusCode !== 200) {
        report({ type: 'error', message: `stream ${id}: ${res.statusCode}` })
        return
      }
      const decoder = new StreamDecoder()
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        let changed = false
        for (const message of decoder.push(chunk)) {
          if (message.type === 'hello') {
            if (++connected === start.count) report({ type: 'ready' })
          } else if (message.type === 'change') {
            const { change } = message
            revision = change.revision
            changed = true
            if (change.kind !== 'kvs.key.put') continue
            replica.set(`${change.payload.storeId}\n${change.payload.key}`, change.payload.value)
            const n = Number(change.payload.value.slice(2))
            const seen = (appliedBy.get(n) ?? 0) + 1
            appliedBy.set(n, seen)
            if (seen === start.count) {
              appliedBy.delete(n)
              report({ type: 'applied', n, at: now() })
            }
          }
        }
        if (changed) void ack()
      })
    })
    req.on('error', (error) => report({ type: 'error', message: `stream ${id}: ${error.message}` }))
    req.end()
  }
  return () => {
    for (const res of responses) res.destroy()
    streams.destroy()
    for (const pool of acks.values()) void pool.destroy()
  }
}

let stop: (() => void) | undefined
process.on('message', (message: { type: 'start'; start: WorkerStart } | { type: 'stop' }) => {
  if (message.type === 'start') stop = startClients(message.start)
  else {
    stop?.()
    process.exit(0)
  }
})
