import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { EdgeStatus } from '../../sync/index.js'
import { edgeAckChannel } from './edge-registry.js'

/** The longest a caller may wait for a change to reach the edges in one request. */
export const MAX_PROPAGATION_WAIT_MS = 30_000
// Edges that disconnect stop counting: look again this often even without an ack.
const RECHECK_MS = 100

/** The edges as the control plane knows them, and its latest revision. */
export type EdgeListing = () => { latestRevision: number; edges: readonly EdgeStatus[] }

/** How far one revision has spread: what `--wait` and the console's "reached N/N edges" show. */
export interface PropagationStatus {
  /** The revision the edges must have applied. */
  revision: number
  connectedEdges: number
  /** Connected edges that have applied `revision` (or a later one). */
  appliedEdges: number
  /** Connected edges still behind, with the revision each has applied. */
  behind: { id: string; name: string; appliedRevision: number }[]
  /** Every connected edge has applied it (true with no edge connected: nothing to wait for). */
  complete: boolean
}

/** Which connected edges have applied `revision`. Disconnected edges are not waited for. */
export function propagationOf(edges: readonly EdgeStatus[], revision: number): PropagationStatus {
  const connected = edges.filter((edge) => edge.connected)
  const behind = connected
    .filter((edge) => edge.appliedRevision < revision)
    .map(({ id, name, appliedRevision }) => ({ id, name, appliedRevision }))
  return {
    revision,
    connectedEdges: connected.length,
    appliedEdges: connected.length - behind.length,
    behind,
    complete: behind.length === 0,
  }
}

/**
 * The propagation of `revision` (default: the latest), once every connected edge has applied
 * it or after `waitMs`, whichever comes first. An edge's ack wakes the wait at once, so the
 * answer leaves as soon as the last edge has the change.
 */
export async function awaitPropagation(
  listing: EdgeListing,
  options: { revision?: number; waitMs?: number } = {},
): Promise<PropagationStatus> {
  const read = () => {
    const { latestRevision, edges } = listing()
    return propagationOf(edges, options.revision ?? latestRevision)
  }
  const first = read()
  const waitMs = Math.min(options.waitMs ?? 0, MAX_PROPAGATION_WAIT_MS)
  if (first.complete || waitMs <= 0) return first
  const target = first.revision
  return new Promise((resolve) => {
    let done = false
    const check = (force: boolean) => {
      if (done) return
      const status = propagationOf(listing().edges, target)
      if (!status.complete && !force) return
      done = true
      clearTimeout(deadline)
      clearInterval(recheck)
      unsubscribe(edgeAckChannel.name, onAck)
      resolve(status)
    }
    const onAck = () => check(false)
    subscribe(edgeAckChannel.name, onAck)
    const recheck = setInterval(() => check(false), RECHECK_MS)
    const deadline = setTimeout(() => check(true), waitMs)
  })
}
