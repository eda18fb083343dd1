import type { EdgeRegistry } from '../../feed/edge-registry.js'

/**
 * What the Edges page shows: every edge, and how far the latest change has spread. "In sync"
 * counts every edge the control plane knows, connected or not: a disconnected edge that is
 * behind still serves old data.
 */
export function edgesOverview(registry: EdgeRegistry, latestRevision: number) {
  const edges = registry.list(latestRevision)
  const connected = edges.filter((edge) => edge.connected)
  const atLatest = (edge: { appliedRevision: number }) => edge.appliedRevision >= latestRevision
  const times = connected.flatMap((edge) =>
    edge.lastPropagationMs === undefined ? [] : [edge.lastPropagationMs],
  )
  return {
    latestRevision,
    edges,
    propagation: {
      knownEdges: edges.length,
      connectedEdges: connected.length,
      /** Edges, connected or not, that have applied the latest revision. */
      edgesAtLatest: edges.filter(atLatest).length,
      connectedAtLatest: connected.filter(atLatest).length,
      /** Disconnected edges still behind the latest revision. */
      disconnectedBehind: edges.filter((edge) => !edge.connected && !atLatest(edge)).length,
      /** Whether every known edge has applied the latest revision. */
      allInSync: edges.length > 0 && edges.every(atLatest),
      /**
       * The slowest connected edge's time for the last change it received live. An edge that
       * catches up on connecting has no such time (src/control/feed/edge-registry.ts).
       */
      lastChangeToAllEdgesMs: times.length > 0 ? Math.max(...times) : undefined,
      fastestMs: times.length > 0 ? Math.min(...times) : undefined,
    },
  }
}
