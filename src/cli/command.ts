import type { AdminClient } from './admin-client.js'
import type { Clients } from './clients.js'
import type { Connection } from './config.js'
import { usageError } from './errors.js'
import type { Output } from './output.js'

/** One flag of a command, as `node:util` parseArgs takes it, plus its help. */
export interface OptionSpec {
  type: 'string' | 'boolean'
  multiple?: boolean
  short?: string
  /** Shown in help after the flag: `--file PATH`. */
  placeholder?: string
  description: string
}

/** One `verge <group> <command>`. */
export interface CommandSpec {
  name: string
  aliases?: readonly string[]
  summary: string
  /** Positional arguments in order; a trailing `?` marks an optional one (`KEY?`). */
  args?: readonly string[]
  options?: Readonly<Record<string, OptionSpec>>
  /** More help: notes and examples. */
  details?: string
  /** Returns the exit code (default 0); throws for errors. */
  run(ctx: CommandContext): Promise<number | undefined>
}

export interface CommandGroup {
  name: string
  aliases?: readonly string[]
  summary: string
  commands: readonly CommandSpec[]
}

export type OptionValue = string | boolean | string[] | undefined

/** What a running command gets: its parsed arguments, the output, and lazily built clients. */
export interface CommandContext {
  /** Positional arguments by name (without the `?`). */
  args: Readonly<Record<string, string | undefined>>
  values: Readonly<Record<string, OptionValue>>
  out: Output
  stderr: NodeJS.WriteStream
  stdin: NodeJS.ReadStream
  env: NodeJS.ProcessEnv
  cwd: string
  connection(): Connection
  clients(): Clients
  admin(): AdminClient
}

/** A string flag, or undefined. */
export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.values[name]
  return typeof value === 'string' ? value : undefined
}

export function booleanOption(ctx: CommandContext, name: string): boolean {
  return ctx.values[name] === true
}

export function listOption(ctx: CommandContext, name: string): string[] {
  const value = ctx.values[name]
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : []
}

/** A flag that must be a whole number within [min, max]. */
export function integerOption(
  ctx: CommandContext,
  name: string,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const raw = stringOption(ctx, name)
  if (raw === undefined) return undefined
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw usageError(`--${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}.`)
  return Number(raw)
}

/** A positional argument the command declared as required (parsing already checked it). */
export function arg(ctx: CommandContext, name: string): string {
  const value = ctx.args[name]
  if (value === undefined) throw usageError(`Missing ${name}.`)
  return value
}

/** A string flag the command cannot run without. */
export function requiredOption(ctx: CommandContext, name: string, hint = ''): string {
  const value = stringOption(ctx, name)
  if (value === undefined) throw usageError(`--${name} is required${hint ? `: ${hint}` : '.'}`)
  return value
}
