import { jsonResponse } from './console-json.js'
import type { ConsoleRoute } from './console-routes.js'

/**
 * The edge that `verge start` runs beside this control plane: where viewers reach it, and the
 * distribution it serves for any Host (`--default-distribution`). A control plane started on
 * its own knows no such edge.
 */
export interface LocalEdge {
  url?: string
  defaultDistributionId?: string
}

/** `GET local-edge`: the local edge, `{}` when there is none. */
export function consoleLocalEdgeRoute(localEdge: () => LocalEdge): ConsoleRoute {
  return { method: 'GET', path: 'local-edge', handle: async () => jsonResponse(localEdge()) }
}
