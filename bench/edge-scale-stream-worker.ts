/**
 * The request stream of `bench/edge-scale.ts` on a thread of its own, so that the bench's own
 * work on its main thread (signing the writes) does not delay the requests or their timing.
 * `workerData`: `{ url, path, perSecond, connections }`; a message stops it, and it answers
 * with its `StreamResult`.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { requestStream } from './edge-scale-load.js'

const { url, path, perSecond, connections } = workerData as {
  url: string
  path: string
  perSecond: number
  connections: number
}
let stopped = false
parentPort?.once('message', () => {
  stopped = true
})
const result = await requestStream(url, path, perSecond, connections, () => stopped)
parentPort?.postMessage(result)
