import { parseDuration } from '../../shared/index.js'
import {
  arg,
  booleanOption,
  type CommandContext,
  type CommandSpec,
  integerOption,
  stringOption,
} from '../command.js'
import { usageError } from '../errors.js'
import { pascalKeys } from '../output.js'
import { readServerSentEvents } from '../sse-reader.js'

/** An entry as the admin API returns it (`GET /_verge/admin/functions/{Name}/logs`). */
interface LogEntry {
  id: number
  time: string
  requestId: string
  distributionId: string
  functionName: string
  eventType: string
  outcome: string
  logs: string[]
  errorMessage?: string
  computeUtilization: number
  edgeId: string
  edgeName: string
}

/** `--since`: a duration back from now (`15m`, `2h`, `7d`) or an ISO 8601 time. */
function sinceOf(text: string | undefined, now: number): number | undefined {
  if (text === undefined) return undefined
  const back = parseDuration(text)
  if (back !== undefined) return now - back
  const at = Date.parse(text)
  if (Number.isNaN(at))
    throw usageError(
      `--since must be a duration (15m, 2h, 7d) or an ISO 8601 time, not ${JSON.stringify(text)}.`,
    )
  return at
}

/** An entry for people: one line per log line, `time edge request-id event: line`. */
function formatEntry(entry: LogEntry): string {
  const head = `${entry.time} ${entry.edgeName} ${entry.requestId} ${entry.eventType}`
  const lines = entry.logs.map((line) => `${head}: ${line}`)
  if (entry.errorMessage !== undefined) lines.push(`${head}: ERROR (${entry.outcome}) ${entry.errorMessage}`)
  return lines.join('\n')
}

function queryOf(ctx: CommandContext): Record<string, string> {
  const since = sinceOf(stringOption(ctx, 'since'), Date.now())
  const edge = stringOption(ctx, 'edge')
  const distribution = stringOption(ctx, 'distribution')
  const text = stringOption(ctx, 'grep')
  const limit = integerOption(ctx, 'limit', 1, 10_000)
  return {
    ...(since === undefined ? {} : { since: String(since) }),
    ...(edge === undefined ? {} : { edge }),
    ...(distribution === undefined ? {} : { distribution }),
    ...(text === undefined ? {} : { text }),
    ...(booleanOption(ctx, 'errors') ? { errors: '1' } : {}),
    ...(limit === undefined ? {} : { limit: String(limit) }),
  }
}

/** Prints new entries as the control plane streams them, until interrupted. */
async function follow(
  ctx: CommandContext,
  path: string,
  query: Record<string, string>,
  after: number | undefined,
) {
  const abort = new AbortController()
  const stop = () => abort.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  const json = ctx.out.format === 'json'
  try {
    const { limit: _limit, ...rest } = query
    const res = await ctx.admin().stream(
      {
        method: 'GET',
        path,
        query: { ...rest, follow: '1', ...(after === undefined ? {} : { after: String(after) }) },
      },
      abort.signal,
    )
    for await (const event of readServerSentEvents(res)) {
      if (event.event !== 'log') continue
      const entry = JSON.parse(event.data) as LogEntry
      // One compact JSON object a line (NDJSON) when following with --output json.
      ctx.out.stdout.write(`${json ? JSON.stringify(pascalKeys(entry)) : formatEntry(entry)}\n`)
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
}

export const logsCommand: CommandSpec = {
  name: 'logs',
  summary: 'What a function logged at the edges (console.log lines and errors), newest last',
  args: ['NAME'],
  options: {
    follow: { type: 'boolean', short: 'f', description: 'Keep printing new entries as they arrive' },
    since: {
      type: 'string',
      placeholder: 'WHEN',
      description: 'From this long ago (15m, 2h, 7d) or an ISO time',
    },
    edge: { type: 'string', placeholder: 'ID', description: 'Only from this edge (id or name)' },
    distribution: { type: 'string', placeholder: 'ID', description: 'Only requests to this distribution' },
    errors: { type: 'boolean', description: 'Only runs that failed' },
    grep: {
      type: 'string',
      placeholder: 'TEXT',
      description: 'Only entries whose lines or error contain TEXT',
    },
    limit: { type: 'string', placeholder: 'N', description: 'At most N entries (default 1000, the newest)' },
  },
  details: `Examples:
  verge function logs key-echo --since 15m
  verge function logs key-echo --follow --errors
  verge function logs key-echo --output json     (with --follow: one JSON object a line)`,
  async run(ctx) {
    const name = arg(ctx, 'NAME')
    const path = `functions/${encodeURIComponent(name)}/logs`
    const query = queryOf(ctx)
    const following = booleanOption(ctx, 'follow')
    // Following without --since starts from now; with it, what came since is printed first.
    if (following && query.since === undefined) {
      await follow(ctx, path, query, undefined)
      return 0
    }
    const { entries, lastId } = await ctx.admin().json<{ entries: LogEntry[]; lastId?: number }>({
      method: 'GET',
      path,
      query,
    })
    if (following) {
      for (const entry of entries)
        ctx.out.stdout.write(
          `${ctx.out.format === 'json' ? JSON.stringify(pascalKeys(entry)) : formatEntry(entry)}\n`,
        )
      await follow(ctx, path, query, lastId ?? 0)
      return 0
    }
    ctx.out.emit({ Entries: entries.map(pascalKeys) }, () =>
      entries.length === 0
        ? `No logs for ${name} (in the retention window).`
        : entries.map(formatEntry).join('\n'),
    )
    return 0
  },
}
