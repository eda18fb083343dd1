import { ControlError } from '../../errors.js'
import type { FunctionLogService } from '../../logs/function-log-service.js'
import type { FunctionLogFilter, StoredFunctionLog } from '../../logs/function-log-store.js'
import type { ApiResponse } from '../api-types.js'
import type { Route } from '../route-table.js'

const DEFAULT_LIMIT = 1_000
const MAX_LIMIT = 10_000

/** `since`/`until`: ms since the epoch, or an ISO 8601 date. */
function timeParameter(raw: string | null, name: string): number | undefined {
  if (raw === null || raw === '') return undefined
  const ms = /^\d{1,15}$/.test(raw) ? Number(raw) : Date.parse(raw)
  if (Number.isNaN(ms))
    throw new ControlError('InvalidArgument', `${name} must be ms since the epoch or an ISO 8601 date.`)
  return ms
}

function wholeParameter(raw: string | null, name: string, max: number): number | undefined {
  if (raw === null || raw === '') return undefined
  const n = /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN
  if (!(n >= 0 && n <= max))
    throw new ControlError('InvalidArgument', `${name} must be a whole number up to ${max}.`)
  return n
}

function flag(raw: string | null): boolean {
  return raw === '1' || raw === 'true'
}

/** The filter a request's query gives, for the function named in the path. */
function filterOf(functionName: string, query: URLSearchParams): FunctionLogFilter {
  const text = query.get('text')
  const edge = query.get('edge')
  const distribution = query.get('distribution')
  const since = timeParameter(query.get('since'), 'since')
  const until = timeParameter(query.get('until'), 'until')
  const afterId = wholeParameter(query.get('after'), 'after', Number.MAX_SAFE_INTEGER)
  return {
    functionName,
    limit: wholeParameter(query.get('limit'), 'limit', MAX_LIMIT) ?? DEFAULT_LIMIT,
    ...(text === null || text === '' ? {} : { text }),
    ...(edge === null || edge === '' ? {} : { edgeId: edge }),
    ...(distribution === null || distribution === '' ? {} : { distributionId: distribution }),
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
    ...(flag(query.get('errors')) ? { errorsOnly: true } : {}),
    ...(afterId === undefined ? {} : { afterId }),
  }
}

/** An entry as the API shows it: the time in ISO 8601. */
const shown = (entry: StoredFunctionLog) => ({ ...entry, time: new Date(entry.time).toISOString() })

/** Server-sent events: one `log` event per entry (its id the cursor), a comment as heartbeat. */
async function* sse(batches: AsyncIterable<StoredFunctionLog[]>): AsyncGenerator<string> {
  yield ': following\n\n'
  for await (const batch of batches) {
    if (batch.length === 0) {
      yield ': heartbeat\n\n'
      continue
    }
    let text = ''
    for (const entry of batch)
      text += `id: ${entry.id}\nevent: log\ndata: ${JSON.stringify(shown(entry))}\n\n`
    yield text
  }
}

/**
 * `GET /_verge/admin/functions/{Name}/logs`: the newest matching entries, oldest first
 * (`?since=&until=&edge=&distribution=&errors=1&text=&limit=`, `after=` for what came after an
 * id); with `follow=1`, a stream of server-sent events with every new matching entry.
 */
export function functionLogRoutes(logs: FunctionLogService): Route<unknown>[] {
  return [
    {
      method: 'GET',
      path: 'admin/functions/:name/logs',
      operation: async ({ request, params }): Promise<ApiResponse> => {
        const filter = filterOf(params.name as string, request.query)
        if (flag(request.query.get('follow'))) {
          const { limit: _limit, ...follow } = filter
          return {
            status: 200,
            headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store' },
            stream: (signal) => sse(logs.follow(follow, signal)),
          }
        }
        const entries = logs.query(filter)
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            entries: entries.map(shown),
            ...(entries.length === 0 ? {} : { lastId: (entries.at(-1) as StoredFunctionLog).id }),
          }),
        }
      },
    },
  ]
}
