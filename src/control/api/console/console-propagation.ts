import { awaitPropagation, type EdgeListing } from '../../feed/propagation.js'
import { jsonResponse, optionalInteger } from './console-json.js'
import type { ConsoleRoute } from './console-routes.js'

/**
 * `GET propagation?revision=R&waitMs=N`: how many connected edges have applied revision R
 * (default: the latest), answered once all have or after N ms (at most 30 s). The page asks
 * right after a change, so it can say "reached N/N edges in X ms".
 */
export function consolePropagationRoute(listing: EdgeListing): ConsoleRoute {
  return {
    method: 'GET',
    path: 'propagation',
    async handle({ request }) {
      const revision = optionalInteger(request.query.get('revision'), 'revision')
      const waitMs = optionalInteger(request.query.get('waitMs'), 'waitMs')
      return jsonResponse(
        await awaitPropagation(listing, {
          ...(revision === undefined ? {} : { revision }),
          ...(waitMs === undefined ? {} : { waitMs }),
        }),
      )
    },
  }
}
