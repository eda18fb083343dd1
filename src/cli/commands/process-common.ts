/**
 * What `verge start`, `verge control` and `verge edge` share: flags with environment
 * fallbacks, usage text, and a clean stop on SIGINT/SIGTERM.
 */
import { relative, resolve } from 'node:path'
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { usageError } from '../errors.js'
import { explainParseError } from '../parse-error.js'

/** One flag of a process command: its type, environment variable, default and help. */
export interface ProcessFlag {
  type: 'string' | 'boolean'
  env?: string
  placeholder?: string
  description: string
}

export type ProcessFlags = Readonly<Record<string, ProcessFlag>>

/** `verge <name> --help`. */
export function processUsage(name: string, summary: string, flags: ProcessFlags, details = ''): string {
  const rows = Object.entries(flags).map(([flag, spec]) => {
    const left = `--${flag}${spec.type === 'string' ? ` ${spec.placeholder ?? 'VALUE'}` : ''}`
    return [left, `${spec.description}${spec.env === undefined ? '' : ` (${spec.env})`}`] as const
  })
  rows.push(['--help', 'Show this help'])
  const width = Math.max(...rows.map(([left]) => left.length))
  const lines = [
    `Usage: verge ${name} [flags]`,
    '',
    summary,
    '',
    'Flags:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
  ]
  if (details !== '') lines.push('', details.trim())
  return `${lines.join('\n')}\n`
}

/** The parsed flags, each string flag falling back to its environment variable. */
export interface ParsedFlags {
  help: boolean
  string(name: string): string | undefined
  boolean(name: string): boolean
  /** A port (0-65535) from the flag, its variable, or `fallback`. */
  port(name: string, fallback: number): number
  /** A whole number ≥ `min` from the flag, its variable, or `fallback`. */
  count(name: string, fallback: number, min?: number): number
}

export function parseProcessFlags(args: string[], flags: ProcessFlags, env: NodeJS.ProcessEnv): ParsedFlags {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } }
  for (const [name, spec] of Object.entries(flags)) options[name] = { type: spec.type }
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>
  try {
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values
  } catch (error) {
    throw explainParseError(error, Object.keys(options))
  }
  const string = (name: string) => {
    const value = values[name]
    if (typeof value === 'string') return value
    const variable = flags[name]?.env
    const fromEnv = variable === undefined ? undefined : env[variable]
    return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv
  }
  const whole = (name: string, fallback: number, min: number, max: number) => {
    const raw = string(name)
    if (raw === undefined) return fallback
    const n = /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN
    if (!(n >= min && n <= max)) {
      const from = typeof values[name] === 'string' ? `--${name}` : (flags[name]?.env ?? `--${name}`)
      throw usageError(`${from} must be a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}.`)
    }
    return n
  }
  return {
    help: values.help === true,
    string,
    boolean: (name) => values[name] === true,
    port: (name, fallback) => whole(name, fallback, 0, 65535),
    count: (name, fallback, min = 1) => whole(name, fallback, min, 4096),
  }
}

/** A path for people: relative to the working directory when inside it. */
export function shownPath(path: string, cwd = process.cwd()): string {
  const full = resolve(cwd, path)
  const rel = relative(cwd, full)
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith('/') ? rel : full
}

/** `path` as one shell word: as it is when it is plain, else in single quotes. */
export function shellWord(path: string): string {
  return /^[\w./:@%+=,-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`
}

/**
 * Resolves when SIGINT or SIGTERM arrives and `stop` has finished; a second signal while
 * stopping exits at once with 130. Returns the exit code (0 after a clean stop).
 */
export function untilSignal(
  stop: () => Promise<void>,
  stderr: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  return new Promise((resolveExit) => {
    let stopping = false
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        stderr.write(`${signal} again: exiting now.\n`)
        process.exit(130)
      }
      stopping = true
      stderr.write(`${signal}: stopping…\n`)
      stop().then(
        () => {
          process.off('SIGINT', onSignal)
          process.off('SIGTERM', onSignal)
          stderr.write('Stopped.\n')
          // Whatever handle a library leaves open must not keep a stopped process alive.
          setTimeout(() => process.exit(0), 2_000).unref()
          resolveExit(0)
        },
        (error: unknown) => {
          stderr.write(`Stopping failed: ${(error as Error).stack ?? String(error)}\n`)
          setTimeout(() => process.exit(1), 2_000).unref()
          resolveExit(1)
        },
      )
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}
