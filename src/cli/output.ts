export type OutputFormat = 'table' | 'json'

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json']

/** A column: its header and how to read the cell from a row. */
export type Column<Row> = [header: string, cell: (row: Row) => unknown]

/** One cell as text: dates in ISO-8601, absent values as `-`, anything else as JSON. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-'
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value)
  return JSON.stringify(value)
}

/** Rows as aligned columns under a header line; `(none)` when there are no rows. */
export function formatTable<Row>(rows: readonly Row[], columns: ReadonlyArray<Column<Row>>): string {
  if (rows.length === 0) return '(none)'
  const cells = rows.map((row) => columns.map(([, cell]) => cellText(cell(row)).replace(/\s*\n\s*/g, ' ')))
  const widths = columns.map(([header], i) =>
    Math.max(header.length, ...cells.map((line) => line[i]?.length ?? 0)),
  )
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => (i === values.length - 1 ? value : value.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(columns.map(([header]) => header.toUpperCase())), ...cells.map(line)].join('\n')
}

/** Labelled fields, one a line, labels aligned. */
export function formatRecord(fields: ReadonlyArray<[label: string, value: unknown]>): string {
  const width = Math.max(...fields.map(([label]) => label.length))
  return fields.map(([label, value]) => `${`${label}:`.padEnd(width + 1)}  ${cellText(value)}`).join('\n')
}

/** Drops the SDK's `$metadata` (and anything else starting with `$`) from an output. */
export function withoutMetadata<T extends object>(output: T): Omit<T, '$metadata'> {
  return Object.fromEntries(Object.entries(output).filter(([key]) => !key.startsWith('$'))) as Omit<
    T,
    '$metadata'
  >
}

/** Where a command's result goes: exactly one JSON document with `--output json`, else text for people. */
export class Output {
  constructor(
    readonly format: OutputFormat,
    readonly stdout: NodeJS.WritableStream = process.stdout,
  ) {}

  /** Prints `data` as one JSON document, or what `human()` renders. */
  emit(data: unknown, human: () => string): void {
    if (this.format === 'json') this.stdout.write(`${JSON.stringify(data, null, 2)}\n`)
    else {
      const text = human()
      if (text !== '') this.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
    }
  }
}

/** A shallow copy with each key's first letter upper-cased, as AWS spells members (`itemCount` → `ItemCount`). */
export function pascalKeys(record: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [
      key === 'etag' ? 'ETag' : key.charAt(0).toUpperCase() + key.slice(1),
      value,
    ]),
  )
}

/** `1 key`, `2 keys`, `0 keys`: a count with its noun, plural unless exactly one. */
export function plural(count: number | undefined, noun: string, nouns = `${noun}s`): string {
  return `${count ?? 0} ${count === 1 ? noun : nouns}`
}
