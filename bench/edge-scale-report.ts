/**
 * The figures of `bench/edge-scale.ts`, one column per tree, printed as a Markdown table with
 * the targets.
 */
import os from 'node:os'

export const MiB = 1024 * 1024

/** One figure of one tree: what is shown, and whether it meets its target (if it has one). */
export interface Figure {
  text: string
  met?: boolean
}

/** The rows in the order printed: label and target text. */
export const ROWS = [
  ['data', 'data in stores', '50 × 5 MB'],
  ['functions', 'published functions', '100'],
  ['initialSync', 'first start of the edge: spawn → latest revision (edges view)', ''],
  ['initialServe', 'first start of the edge: spawn → first `/hello` 200', ''],
  ['rss', '1. edge RSS, all processes (after sync, idle)', '≤ 1.5 × data + 150 MiB'],
  ['rssPeak', '1. edge RSS peak during the writes of 2', ''],
  ['latency', '2. `/hello` p50 / p99 / max while keys are written', 'p99 ≤ 5 ms, max ≤ 50 ms'],
  ['writes', '2. writes done', '50/s'],
  ['restart', '3. restart, control plane down: spawn → first `/hello` 200', '≤ 2,000 ms, last value'],
  ['join', '4. fresh edge: spawn → latest revision', '≤ 10,000 ms'],
  ['controlGrowth', '4. control plane RSS growth during its snapshot', '≤ 2 × data'],
  ['kills', '5. kill -9 during writes: restarts serving one revision', 'every one'],
  ['mixed', '5. responses mixing two batches, restart to caught up', '0'],
  ['killFirst', '5. spawn → first `/bench-check` 200 (median / max)', ''],
  ['killCatchUp', '5. spawn → caught up (median / max)', ''],
] as const

export type RowId = (typeof ROWS)[number][0]

/** The figures of one tree, and why it stopped if it did. */
export interface TreeResult {
  label: string
  figures: Partial<Record<RowId, Figure>>
  error?: string
}

export function machineLine(): string {
  const cpus = os.cpus()
  return `machine: ${cpus[0]?.model ?? 'unknown'} × ${cpus.length} (${os.availableParallelism()} available), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, node ${process.version}`
}

const cell = (figure: Figure | undefined) =>
  figure === undefined
    ? '—'
    : `${figure.text}${figure.met === undefined ? '' : figure.met ? ' (met)' : ' (not met)'}`

/** The Markdown table, then each tree's error if any. */
export function renderTable(results: TreeResult[], targets: Partial<Record<RowId, string>>): string {
  const lines = [
    `| figure | target | ${results.map((r) => r.label).join(' | ')} |`,
    `|---|---|${results.map(() => '---|').join('')}`,
  ]
  for (const [id, label, target] of ROWS) {
    lines.push(
      `| ${label} | ${targets[id] ?? target} | ${results.map((r) => cell(r.figures[id])).join(' | ')} |`,
    )
  }
  for (const r of results) if (r.error !== undefined) lines.push('', `${r.label} stopped: ${r.error}`)
  return lines.join('\n')
}

export const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`
export const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}
