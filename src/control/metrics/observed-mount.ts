import type { ApiMount } from '../api/api-types.js'
import type { ControlMetrics } from './control-metrics.js'

/** A request no route matched, in the `operation` label. */
const UNMATCHED = 'unmatched'

/** `mount` with every request it answers counted and timed (`verge_control_api_*`). */
export function observedMount(mount: ApiMount, metrics: ControlMetrics): ApiMount {
  return {
    ...mount,
    async handle(request) {
      const started = performance.now()
      const response = await mount.handle(request)
      metrics.apiRequest(
        mount.prefix,
        request.operation ?? UNMATCHED,
        request.method,
        response.status,
        (performance.now() - started) / 1000,
      )
      return response
    },
  }
}
