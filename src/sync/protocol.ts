/**
 * The control → edge wire contract (docs/architecture.md, "Replication"). An edge takes a
 * snapshot at revision R, then streams every change after R; it reports the revision it has
 * applied. Everything is HTTP on the control port, authenticated with the edge token.
 */
import type { SyncChange } from './changes.js'
import type { EdgeDistribution } from './distribution.js'

export type { SyncChange } from './changes.js'

export const SYNC_SNAPSHOT_PATH = '/_verge/sync/snapshot'
export const SYNC_CHANGES_PATH = '/_verge/sync/changes'
export const SYNC_ACK_PATH = '/_verge/sync/ack'
export const EDGES_PATH = '/_verge/edges'

/** `Authorization: Bearer <edge token>` on every sync request. */
export const EDGE_TOKEN_SCHEME = 'Bearer'
/** Identifies the edge on `changes` and `ack` (a stable id the edge keeps in its data dir). */
export const EDGE_ID_HEADER = 'x-verge-edge-id'
export const EDGE_NAME_HEADER = 'x-verge-edge-name'
/**
 * On `changes`: the identity of the database the edge's data came from, when it has data. A
 * control plane with another database says `hello` and ends the stream: the edge decides.
 */
export const DATABASE_ID_HEADER = 'x-verge-database-id'

/** How often the change stream sends a heartbeat when nothing changes. */
export const HEARTBEAT_INTERVAL_MS = 5_000

/**
 * Why an edge refuses a control plane's data, keeping its own: the control plane's database is
 * not the one the edge's data came from, or it is behind the edge's revision (it lost commits
 * the edge has). Only an operator can make the edge take it (`verge edge
 * --accept-new-control-plane`).
 */
export type SyncRefusal = 'database-identity-mismatch' | 'control-plane-behind'

export const SYNC_REFUSALS: readonly SyncRefusal[] = ['database-identity-mismatch', 'control-plane-behind']

/**
 * One line of the change stream (NDJSON). `hello` always comes first: the control plane's
 * database identity and latest revision. `resync` means the edge's revision cannot be
 * continued (it is ahead of this control plane's log, or the log no longer reaches back):
 * take a new snapshot.
 */
export type StreamMessage =
  | { readonly type: 'hello'; readonly databaseId: string; readonly revision: number }
  | { readonly type: 'change'; readonly change: SyncChange }
  | { readonly type: 'heartbeat'; readonly revision: number }
  | { readonly type: 'resync'; readonly reason: string }

export interface SnapshotKeyValueStore {
  readonly id: string
  readonly name: string
  readonly created: string
  readonly lastModified: string
  readonly entries: ReadonlyArray<readonly [string, string]>
}

/** A LIVE function as edges run it. */
export interface SnapshotFunction {
  readonly arn: string
  readonly name: string
  readonly runtime: 'cloudfront-js-1.0' | 'cloudfront-js-2.0'
  readonly code: string
  /** The associated store's Id, if any. */
  readonly keyValueStoreId?: string
}

/**
 * An imported certificate (ACM) with its private key, as edges serve it. The key is in clear
 * here: the sync stream that carries it must be HTTPS to any other machine.
 */
export interface SnapshotCertificate {
  /** `arn:aws:acm:…:certificate/<uuid>`. */
  readonly arn: string
  /** The leaf, PEM. */
  readonly certificate: string
  /** The intermediates, PEM. */
  readonly certificateChain?: string
  /** PEM (PKCS #8). */
  readonly privateKey: string
}

/** Everything an edge needs, consistent at `revision`. */
export interface Snapshot {
  /**
   * The identity of the database it was read from (the control plane always sends it; only a
   * replica file written by an older Verge lacks it).
   */
  readonly databaseId?: string
  readonly revision: number
  readonly keyValueStores: SnapshotKeyValueStore[]
  readonly functions: SnapshotFunction[]
  readonly distributions: EdgeDistribution[]
  /** Absent in a replica file written before certificates were replicated. */
  readonly certificates?: SnapshotCertificate[]
}

/** `POST /_verge/sync/ack` body. */
export interface AckRequest {
  readonly revision: number
  /** Set when the edge refuses this control plane's data: `revision` is then its own, kept. */
  readonly refused?: SyncRefusal
}

/** One edge as the control plane sees it (`GET /_verge/edges`). */
export interface EdgeStatus {
  readonly id: string
  readonly name: string
  readonly connected: boolean
  readonly appliedRevision: number
  /** The control plane's latest revision minus the edge's. */
  readonly revisionsBehind: number
  /** When the edge last reported. */
  readonly lastSeen: string
  /** Time from the commit of the edge's applied revision to its ack, for the last change. */
  readonly lastPropagationMs?: number
  /** Set while the edge refuses this control plane's data (it serves its own, older data). */
  readonly refused?: SyncRefusal
}

/** Encodes one stream message as an NDJSON line. */
export function encodeStreamMessage(message: StreamMessage): string {
  return `${JSON.stringify(message)}\n`
}

/**
 * Splits NDJSON text as it arrives: feed chunks, get complete messages; a partial last line
 * waits for the next chunk.
 */
export class StreamDecoder {
  #buffer = ''

  push(chunk: string): StreamMessage[] {
    this.#buffer += chunk
    const messages: StreamMessage[] = []
    let newline = this.#buffer.indexOf('\n')
    while (newline !== -1) {
      const line = this.#buffer.slice(0, newline)
      this.#buffer = this.#buffer.slice(newline + 1)
      if (line.trim() !== '') messages.push(JSON.parse(line) as StreamMessage)
      newline = this.#buffer.indexOf('\n')
    }
    return messages
  }
}
