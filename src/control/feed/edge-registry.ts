import { channel } from 'node:diagnostics_channel'
import type { EdgeStatus, SyncRefusal } from '../../sync/index.js'

/** Published on every ack: `{id, name, revision, at}` (ms); benchmarks measure propagation with it. */
export const edgeAckChannel = channel('verge:control:edge-ack')

interface EdgeRecord {
  id: string
  name: string
  streams: number
  appliedRevision: number
  lastSeen: number
  /** When the current connection opened: changes committed before it are caught up, not propagated. */
  connectedAt: number
  lastPropagationMs?: number
  refused?: SyncRefusal
}

/**
 * Every edge this control node has seen: whether it is connected, the revision it has applied,
 * and how long the last change took to reach it. Distributions are `Deployed` once every
 * connected edge has applied their latest change.
 */
export class EdgeRegistry {
  readonly #edges = new Map<string, EdgeRecord>()
  readonly #clock: () => number

  constructor(clock: () => number = Date.now) {
    this.#clock = clock
  }

  /** A change stream opened; returns the function to call when it closes. */
  connect(id: string, name: string, appliedRevision: number): () => void {
    const edge = this.#record(id, name)
    // Only an edge that accepts this control plane's data opens a stream.
    edge.refused = undefined
    if (edge.streams === 0) edge.connectedAt = this.#clock()
    edge.streams++
    edge.appliedRevision = Math.max(edge.appliedRevision, appliedRevision)
    edge.lastSeen = this.#clock()
    let open = true
    return () => {
      if (!open) return
      open = false
      edge.streams--
      edge.lastSeen = this.#clock()
    }
  }

  /** The edge has applied `revision`, committed at `committedAt` (ms) if known. */
  ack(id: string, name: string, revision: number, committedAt: number | undefined): void {
    const edge = this.#record(id, name)
    const now = this.#clock()
    // Only a change committed while the edge was connected measures propagation; one that
    // the edge catches up on after joining would count the time it was away.
    if (revision > edge.appliedRevision && committedAt !== undefined && committedAt >= edge.connectedAt)
      edge.lastPropagationMs = now - committedAt
    edge.appliedRevision = Math.max(edge.appliedRevision, revision)
    edge.lastSeen = now
    if (edgeAckChannel.hasSubscribers) edgeAckChannel.publish({ id, name, revision, at: now })
  }

  /** The edge refuses this control plane's data (`SyncRefusal`) and serves its own. */
  refuse(id: string, name: string, reason: SyncRefusal): void {
    const edge = this.#record(id, name)
    edge.refused = reason
    edge.lastSeen = this.#clock()
  }

  /** The lowest revision applied by a connected edge, or undefined with none connected. */
  minConnectedRevision(): number | undefined {
    let min: number | undefined
    for (const edge of this.#edges.values()) {
      if (edge.streams > 0 && (min === undefined || edge.appliedRevision < min)) min = edge.appliedRevision
    }
    return min
  }

  list(latestRevision: number): EdgeStatus[] {
    return [...this.#edges.values()]
      .map((edge) => ({
        id: edge.id,
        name: edge.name,
        connected: edge.streams > 0,
        appliedRevision: edge.appliedRevision,
        revisionsBehind: Math.max(0, latestRevision - edge.appliedRevision),
        lastSeen: new Date(edge.lastSeen).toISOString(),
        ...(edge.lastPropagationMs === undefined ? {} : { lastPropagationMs: edge.lastPropagationMs }),
        ...(edge.refused === undefined ? {} : { refused: edge.refused }),
      }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
  }

  #record(id: string, name: string): EdgeRecord {
    let edge = this.#edges.get(id)
    if (edge === undefined) {
      const now = this.#clock()
      edge = { id, name, streams: 0, appliedRevision: 0, lastSeen: now, connectedAt: now }
      this.#edges.set(id, edge)
    }
    if (name !== '') edge.name = name
    return edge
  }
}
