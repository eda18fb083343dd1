import { createRequire } from 'node:module'
import { request } from 'undici'

/** One metric family as parse-prometheus-text-format returns it (prom2json's shape). */
export interface MetricFamily {
  name: string
  help: string
  type: string
  metrics: Array<{ value?: string; labels?: Record<string, string> }>
}

/** A scrape: the text, and its families as an independent parser read them. */
export interface Scrape {
  text: string
  families: MetricFamily[]
}

// The parser ships CommonJS without types.
const parsePrometheusText = createRequire(import.meta.url)('parse-prometheus-text-format') as (
  text: string,
) => MetricFamily[]

/** `GET url`, the Prometheus text it returns, parsed (a parse error fails the scrape). */
export async function scrape(url: string, token?: string): Promise<Scrape> {
  const response = await request(
    url,
    token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
  )
  const text = await response.body.text()
  if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${text}`)
  return { text, families: parsePrometheusText(text) }
}

const matches = (own: Record<string, string>, wanted: Record<string, string>) =>
  Object.entries(wanted).every(([k, v]) => own[k] === v)

/** The labels of one sample line's `{…}` (values without escapes, as Verge's are). */
function labelsOf(text: string): Record<string, string> {
  return Object.fromEntries(
    [...text.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] as string, m[2] as string]),
  )
}

/**
 * The sum of the samples of metric `name` whose labels include `labels`; for a histogram, of
 * its `_count` lines (the parser drops a labelled histogram's labels and counts, so those are
 * read from the text). 0 when there are none.
 */
export function sampleSum(
  scraped: Scrape | undefined,
  name: string,
  labels: Record<string, string> = {},
): number {
  const family = scraped?.families.find((f) => f.name === name)
  if (scraped === undefined || family === undefined) return 0
  let sum = 0
  if (family.type === 'HISTOGRAM') {
    for (const m of scraped.text.matchAll(new RegExp(`^${name}_count(?:\\{([^}]*)\\})? (\\S+)$`, 'gm')))
      if (matches(labelsOf(m[1] ?? ''), labels)) sum += Number(m[2])
    return sum
  }
  for (const metric of family.metrics)
    if (matches(metric.labels ?? {}, labels)) sum += Number(metric.value ?? 0)
  return sum
}
