import type { EdgeRegistry } from '../../feed/edge-registry.js'

/** What the Edges page shows: every edge, and how far the latest change has spread. */
export function edgesOverview(registry: EdgeRegistry, latestRevision: number) {
  const edges = registry.list(latestRevision)
  const connected = edges.filter((edge) => edge.connected)
  const times = connected.flatMap((edge) =>
    edge.lastPropagationMs === undefined ? [] : [edge.lastPropagationMs],
  )
  return {
    latestRevision,
    edges,
    propagation: {
      connectedEdges: connected.length,
      edgesAtLatest: connected.filter((edge) => edge.appliedRevision >= latestRevision).length,
      /** Whether every connected edge has applied the latest revision. */
      allInSync: connected.length > 0 && connected.every((edge) => edge.appliedRevision >= latestRevision),
      /** The slowest connected edge's time for its last change: when all are in sync, how long the last change took to reach them all. */
      lastChangeToAllEdgesMs:
        times.length === connected.length && times.length > 0 ? Math.max(...times) : undefined,
      fastestMs: times.length > 0 ? Math.min(...times) : undefined,
    },
  }
}
