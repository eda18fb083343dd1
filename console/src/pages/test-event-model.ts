/** The fields of a test event that the Test tab's form edits; the JSON holds the rest. */

export interface Pair {
  name: string
  value: string
}

export interface EventForm {
  method: string
  uri: string
  ip: string
  headers: Pair[]
  cookies: Pair[]
  query: Pair[]
}

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** `{name: {value}}` (CloudFront's shape for headers, cookies and the query string) as pairs. */
function pairsOf(values: unknown): Pair[] {
  if (!isObject(values)) return []
  return Object.entries(values).map(([name, entry]) => ({
    name,
    value: isObject(entry) && typeof entry.value === 'string' ? entry.value : '',
  }))
}

/**
 * Pairs back into CloudFront's shape. An entry that keeps its value keeps everything else it had
 * (a header's `multiValue`, a cookie's attributes); a row without a name is left out.
 */
function objectOf(pairs: readonly Pair[], previous: unknown, lowerCase: boolean): Json {
  const before = isObject(previous) ? previous : {}
  const out: Json = {}
  for (const { name, value } of pairs) {
    const key = lowerCase ? name.trim().toLowerCase() : name.trim()
    if (key === '') continue
    const old = before[key]
    out[key] = isObject(old) && old.value === value ? old : { value }
  }
  return out
}

/** What the form shows for an event (parsed JSON); missing parts are empty. */
export function formOf(event: unknown): EventForm {
  const root = isObject(event) ? event : {}
  const request = isObject(root.request) ? root.request : {}
  const viewer = isObject(root.viewer) ? root.viewer : {}
  return {
    method: typeof request.method === 'string' ? request.method : 'GET',
    uri: typeof request.uri === 'string' ? request.uri : '/',
    ip: typeof viewer.ip === 'string' ? viewer.ip : '',
    headers: pairsOf(request.headers),
    cookies: pairsOf(request.cookies),
    query: pairsOf(request.querystring),
  }
}

/** The event with the form's fields written into it; everything else in the JSON stays. */
export function withForm(event: unknown, form: EventForm): Json {
  const root = isObject(event) ? event : {}
  const request = isObject(root.request) ? root.request : {}
  const viewer = isObject(root.viewer) ? root.viewer : {}
  return {
    ...root,
    viewer: { ...viewer, ip: form.ip },
    request: {
      ...request,
      method: form.method,
      uri: form.uri,
      // Header names reach functions in lower case, as CloudFront sends them.
      headers: objectOf(form.headers, request.headers, true),
      cookies: objectOf(form.cookies, request.cookies, false),
      querystring: objectOf(form.query, request.querystring, false),
    },
  }
}

/** Parses the JSON; undefined while it is not valid (the form keeps the last valid event). */
export function parseEvent(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export const formatEvent = (event: unknown) => `${JSON.stringify(event, null, 2)}\n`
