import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Writable } from 'node:stream'
import {
  DATABASE_ID_HEADER,
  EDGE_ID_HEADER,
  EDGE_NAME_HEADER,
  EDGES_PATH,
  encodeStreamMessage,
  type FunctionLogBatch,
  HEARTBEAT_INTERVAL_MS,
  MAX_LOG_BATCH_BYTES,
  parseLogBatch,
  SYNC_REFUSALS,
  type SyncRefusal,
} from '../../../sync/index.js'
import { isEdgeTokenValid } from '../../auth/edge-token.js'
import type { ChangeFeed } from '../../feed/change-feed.js'
import type { EdgeRegistry } from '../../feed/edge-registry.js'
import { BodyTooLargeError, readBody } from '../read-body.js'
import { createRouteTable, type RoutePattern } from '../route-table.js'
import { SyncApiError, sendJson, sendSyncError } from './sync-errors.js'

/** An ack is `{"revision": N}`: anything over this is refused with 413, not read. */
const MAX_ACK_BYTES = 4096

export interface SyncApiOptions {
  feed: ChangeFeed
  registry: EdgeRegistry
  edgeToken: string
  /** Streams the snapshot's NDJSON parts to `out` and ends it (`streamSnapshot` in `feed/snapshot.ts`). */
  snapshot: (out: Writable) => Promise<unknown>
  heartbeatMs?: number
  /** Stores a batch of function logs an edge sent (`POST /_verge/sync/logs`). */
  ingestLogs?: (edge: { id: string; name: string }, batch: FunctionLogBatch) => void
}

/** A sync route answers on the raw socket: the change stream writes as changes commit. */
interface SyncRoute extends RoutePattern {
  /** The operation reads the request body itself (every other body is drained). */
  reads?: boolean
  operation(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>
}

/** A node:http listener for the sync routes; returns false for any other path. */
export type RawHandler = (req: IncomingMessage, res: ServerResponse) => boolean

function edgeIdentity(req: IncomingMessage): { id: string; name: string } | undefined {
  const id = req.headers[EDGE_ID_HEADER]
  const name = req.headers[EDGE_NAME_HEADER]
  if (typeof id !== 'string' || !/^[A-Za-z0-9._-]{1,128}$/.test(id)) return undefined
  return { id, name: typeof name === 'string' ? name.slice(0, 128) : '' }
}

/**
 * The request's JSON body (undefined when it is not JSON); a body over `maxBytes` is refused
 * with 413 unread, and the error closes the connection after the answer.
 */
async function readJsonBody(req: IncomingMessage, maxBytes: number, what: string): Promise<unknown> {
  let body: Uint8Array
  try {
    body = await readBody(req, maxBytes)
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error
    throw new SyncApiError('BodyTooLarge', `${what} must be at most ${maxBytes} bytes.`)
  }
  try {
    return JSON.parse(Buffer.from(body).toString('utf8')) as unknown
  } catch {
    return undefined
  }
}

/**
 * The sync API edges use (src/sync/protocol.ts): a snapshot, the change stream (NDJSON with
 * heartbeats), acks of applied revisions, and the list of edges.
 */
export function createSyncApi(options: SyncApiOptions): RawHandler {
  const { feed, registry } = options
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_INTERVAL_MS

  const streamChanges = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const edge = edgeIdentity(req)
    const after = Number(url.searchParams.get('after') ?? '0')
    if (edge === undefined || !Number.isSafeInteger(after) || after < 0) {
      throw new SyncApiError('BadRequest', `Give ${EDGE_ID_HEADER} and a revision: ?after=<integer>.`)
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' })
    res.flushHeaders()
    res.socket?.setNoDelay(true)
    void feed.settle().then(() => {
      if (res.destroyed) return
      res.write(encodeStreamMessage({ type: 'hello', databaseId: feed.databaseId, revision: feed.latest }))
      // The edge's data came from another database: it decides (refuses, or takes a snapshot
      // if told to accept), and is not counted as connected at a revision of another log.
      const held = req.headers[DATABASE_ID_HEADER]
      if (typeof held === 'string' && held !== feed.databaseId) {
        res.end()
        return
      }
      if (after > feed.latest) {
        res.end(
          encodeStreamMessage({
            type: 'resync',
            reason: `Revision ${after} is ahead of this control plane (${feed.latest}).`,
          }),
        )
        return
      }
      const disconnect = registry.connect(edge.id, edge.name, after)
      const subscription = feed.subscribe(after, (changes) => {
        let text = ''
        for (const change of changes) text += encodeStreamMessage({ type: 'change', change })
        res.write(text)
      })
      const heartbeat = setInterval(() => {
        res.write(encodeStreamMessage({ type: 'heartbeat', revision: feed.latest }))
      }, heartbeatMs)
      const stop = () => {
        clearInterval(heartbeat)
        subscription.close()
        disconnect()
      }
      res.once('close', stop)
    })
  }

  const acknowledge = async (req: IncomingMessage, res: ServerResponse) => {
    const edge = edgeIdentity(req)
    const parsed = (await readJsonBody(req, MAX_ACK_BYTES, 'An ack body')) as
      | { revision?: unknown; refused?: unknown }
      | undefined
    const revision = parsed?.revision
    const refused = parsed?.refused
    const refusal = SYNC_REFUSALS.find((known) => known === refused)
    if (
      edge === undefined ||
      typeof revision !== 'number' ||
      !Number.isSafeInteger(revision) ||
      (refused !== undefined && refusal === undefined)
    ) {
      throw new SyncApiError(
        'BadRequest',
        `Give ${EDGE_ID_HEADER} and a JSON body {"revision": <integer>, "refused"?: ${SYNC_REFUSALS.map((r) => JSON.stringify(r)).join(' | ')}}.`,
      )
    }
    if (refusal !== undefined) {
      // The revision is the edge's own, from another log: not an applied revision of this one.
      registry.refuse(edge.id, edge.name, refusal satisfies SyncRefusal)
      res.writeHead(204).end()
      return
    }
    registry.ack(edge.id, edge.name, revision, feed.committedAt(revision))
    res.writeHead(204).end()
  }

  const ingestLogs = async (req: IncomingMessage, res: ServerResponse) => {
    const edge = edgeIdentity(req)
    const batch = parseLogBatch(await readJsonBody(req, MAX_LOG_BATCH_BYTES, 'A log batch'))
    if (edge === undefined) throw new SyncApiError('BadRequest', `Give ${EDGE_ID_HEADER}.`)
    if (typeof batch === 'string') throw new SyncApiError('BadRequest', batch)
    options.ingestLogs?.(edge, batch)
    res.writeHead(204).end()
  }

  const routes: SyncRoute[] = [
    {
      method: 'GET',
      path: 'sync/snapshot',
      // NDJSON parts as they are read: an error past the headers cuts the stream short, which
      // the edge sees as a truncated snapshot and retries.
      operation: async (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' })
        await options.snapshot(res)
      },
    },
    { method: 'GET', path: 'sync/changes', operation: async (req, res, url) => streamChanges(req, res, url) },
    { method: 'POST', path: 'sync/ack', reads: true, operation: acknowledge },
    { method: 'POST', path: 'sync/logs', reads: true, operation: ingestLogs },
    {
      method: 'GET',
      path: 'edges',
      operation: async (_req, res) =>
        sendJson(res, 200, { latestRevision: feed.latest, edges: registry.list(feed.latest) }),
    },
  ]
  const match = createRouteTable(routes)

  const authenticate = (req: IncomingMessage) => {
    if (!isEdgeTokenValid(req.headers.authorization, options.edgeToken))
      throw new SyncApiError('Unauthorized', 'A valid edge token is required: Authorization: Bearer <token>.')
  }

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://verge.invalid')
    // Only the sync routes; other `/_verge/...` paths (the admin API) belong to the router.
    if (!url.pathname.startsWith('/_verge/sync/') && url.pathname !== EDGES_PATH) return false
    const found = match(req.method ?? 'GET', url.pathname.split('/').slice(2))
    // Only the ack reads its body; every other request's is drained.
    if (found.kind !== 'found' || found.route.reads !== true) req.resume()
    const run = async () => {
      try {
        authenticate(req)
      } catch (error) {
        req.resume()
        throw error
      }
      if (found.kind !== 'found')
        throw new SyncApiError('NotFound', `No such sync route: ${req.method} ${url.pathname}.`)
      await found.route.operation(req, res, url)
    }
    run().catch((error: unknown) => sendSyncError(res, error))
    return true
  }
}
