import { usageError } from './errors.js'

/** What `verge function test` takes to build a TestFunction event ('Test functions'). */
export interface EventFlags {
  eventType?: string | undefined
  method?: string | undefined
  /** A path (`/a?b=1`) or an absolute URL, whose host becomes the Host header. */
  url?: string | undefined
  /** `name: value` or `name=value`, repeatable. */
  headers?: readonly string[]
  /** `name=value`, repeatable. */
  cookies?: readonly string[]
  viewerIp?: string | undefined
  /** viewer-response: the origin's status code. */
  statusCode?: number | undefined
}

interface FieldValue {
  value: string
  multiValue?: Array<{ value: string }>
}
type Fields = Record<string, FieldValue>

const DEFAULT_HOST = 'example.org'
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'OPTIONS', 'DELETE']

/** Repeated names collapse into one field: `value` is the first, `multiValue` has all. */
function addField(fields: Fields, name: string, value: string): void {
  const existing = fields[name]
  if (existing === undefined) {
    fields[name] = { value }
    return
  }
  existing.multiValue ??= [{ value: existing.value }]
  existing.multiValue.push({ value })
}

function splitPair(text: string, separators: RegExp, what: string): [string, string] {
  const match = separators.exec(text)
  if (match === null || match.index === 0)
    throw usageError(
      `${what} must look like name${what === '--header' ? ': value' : '=value'}, not ${JSON.stringify(text)}.`,
    )
  return [text.slice(0, match.index).trim(), text.slice(match.index + match[0].length).trim()]
}

/** Builds a viewer-request (or viewer-response) test event from command-line flags. */
export function buildTestEvent(flags: EventFlags): Record<string, unknown> {
  const eventType = flags.eventType ?? 'viewer-request'
  if (eventType !== 'viewer-request' && eventType !== 'viewer-response')
    throw usageError('--event-type must be viewer-request or viewer-response.')
  const method = (flags.method ?? 'GET').toUpperCase()
  if (!METHODS.includes(method)) throw usageError(`--method must be one of ${METHODS.join(', ')}.`)
  const raw = flags.url ?? '/'
  let url: URL
  try {
    url = new URL(raw, `http://${DEFAULT_HOST}`)
  } catch {
    throw usageError(`--url must be a path or a URL, not ${JSON.stringify(raw)}.`)
  }
  if (!raw.startsWith('/') && !/^https?:\/\//i.test(raw))
    throw usageError('--url must start with / or http(s)://.')

  const querystring: Fields = {}
  for (const [name, value] of url.searchParams) addField(querystring, name, value)
  const headers: Fields = {}
  const cookies: Fields = {}
  let hasHost = false
  for (const header of flags.headers ?? []) {
    const [name, value] = splitPair(header, /:|=/, '--header')
    const lower = name.toLowerCase()
    // Cookies travel in `cookies`, never as a header.
    if (lower === 'cookie') {
      for (const part of value.split(';'))
        if (part.trim() !== '') addField(cookies, ...splitPair(part, /=/, '--cookie'))
      continue
    }
    if (lower === 'host') hasHost = true
    addField(headers, lower, value)
  }
  if (!hasHost) headers.host = { value: url.host }
  for (const cookie of flags.cookies ?? []) addField(cookies, ...splitPair(cookie, /=/, '--cookie'))

  const event: Record<string, unknown> = {
    version: '1.0',
    context: { eventType },
    viewer: { ip: flags.viewerIp ?? '198.51.100.11' },
    request: { method, uri: url.pathname, querystring, headers, cookies },
  }
  if (eventType === 'viewer-response') {
    event.response = {
      statusCode: flags.statusCode ?? 200,
      statusDescription: 'OK',
      headers: { 'content-type': { value: 'text/html' } },
      cookies: {},
    }
  }
  return event
}
