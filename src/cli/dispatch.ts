import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { AdminClient } from './admin-client.js'
import { type Clients, createClients } from './clients.js'
import type { CommandContext, CommandGroup, CommandSpec, OptionSpec } from './command.js'
import { configureCommand, configureGroup } from './commands/configure.js'
import { distributionGroup } from './commands/distribution.js'
import { edgesGroup } from './commands/edges.js'
import { functionGroup } from './commands/function.js'
import { keyGroup } from './commands/key.js'
import { storeGroup } from './commands/store.js'
import { type Connection, resolveConnection } from './config.js'
import { CliError, describeError, EXIT_USAGE, exitCodeFor, usageError } from './errors.js'
import { commandHelp, commandPath, GLOBAL_OPTIONS, groupHelp, mainHelp, PROCESS_COMMANDS } from './help.js'
import { OUTPUT_FORMATS, Output, type OutputFormat } from './output.js'
import { explainParseError } from './parse-error.js'
import { closest, didYouMean } from './suggest.js'

/** Every `verge <group>`, in help order. */
export const GROUPS: readonly CommandGroup[] = [
  storeGroup,
  keyGroup,
  functionGroup,
  distributionGroup,
  edgesGroup,
]

export interface CliIo {
  stdin: NodeJS.ReadStream
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
  env: NodeJS.ProcessEnv
  cwd: string
}

const isHelp = (word: string | undefined) => word === '--help' || word === '-h' || word === 'help'

/** The version in the package.json above this file (source and compiled layouts differ). */
export function vergeVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string
        version?: string
      }
      if (pkg.name === 'verge' && pkg.version !== undefined) return pkg.version
    } catch {
      // not here: look one level up
    }
    dir = dirname(dir)
  }
  return 'unknown'
}

const findByName = <T extends { name: string; aliases?: readonly string[] }>(
  list: readonly T[],
  word: string,
) => list.find((item) => item.name === word || item.aliases?.includes(word))

const namesOf = (item: { name: string; aliases?: readonly string[] }) => [item.name, ...(item.aliases ?? [])]

function parseConfig(options: Readonly<Record<string, OptionSpec>>): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [
      name,
      {
        type: spec.type,
        ...(spec.multiple ? { multiple: true } : {}),
        ...(spec.short ? { short: spec.short } : {}),
      },
    ]),
  )
}

function parseCommand(command: CommandSpec, argv: string[]) {
  const options = { ...GLOBAL_OPTIONS, ...command.options }
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: argv,
      options: parseConfig(options),
      strict: true,
      allowPositionals: true,
      tokens: true,
    })
  } catch (error) {
    throw explainParseError(error, Object.keys(options))
  }
  // parseArgs keeps the last of a flag given twice: say so rather than drop one silently.
  const seen = new Set<string>()
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option' || options[token.name]?.multiple === true) continue
    if (seen.has(token.name)) throw usageError(`--${token.name} is given more than once; give it once.`)
    seen.add(token.name)
  }
  const names = command.args ?? []
  const required = names.filter((name) => !name.endsWith('?')).length
  if (parsed.positionals.length < required)
    throw usageError(
      `Missing ${names
        .slice(parsed.positionals.length)
        .filter((n) => !n.endsWith('?'))
        .join(' ')}.`,
    )
  if (parsed.positionals.length > names.length)
    throw usageError(`Unexpected argument ${JSON.stringify(parsed.positionals[names.length])}.`)
  const args = Object.fromEntries(names.map((name, i) => [name.replace(/\?$/, ''), parsed.positionals[i]]))
  return { args, values: parsed.values as CommandContext['values'] }
}

async function runProcessCommand(name: string, argv: string[]): Promise<number> {
  // Loaded only when asked for: they pull in the control plane, the edge and the sandbox.
  const specifier = `./commands/${name}.js`
  const module = (await import(specifier)) as { run(args: string[]): Promise<number> }
  return module.run(argv)
}

async function runCommand(
  group: CommandGroup,
  command: CommandSpec,
  argv: string[],
  io: CliIo,
): Promise<number> {
  if (argv.some((word) => word === '--help' || word === '-h')) {
    io.stdout.write(commandHelp(group, command))
    return 0
  }
  const { args, values } = parseCommand(command, argv)
  const format = (typeof values.output === 'string' ? values.output : 'table') as OutputFormat
  if (!OUTPUT_FORMATS.includes(format)) throw usageError(`--output must be ${OUTPUT_FORMATS.join(' or ')}.`)
  let connection: Connection | undefined
  let clients: Clients | undefined
  let admin: AdminClient | undefined
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined)
  const ctx: CommandContext = {
    args,
    values,
    out: new Output(format, io.stdout),
    stderr: io.stderr,
    stdin: io.stdin,
    env: io.env,
    cwd: io.cwd,
    connection() {
      connection ??= resolveConnection(
        {
          endpoint: str('endpoint'),
          accessKeyId: str('access-key-id'),
          secretAccessKey: str('secret-access-key'),
          profile: str('profile'),
          dataDir: str('data-dir'),
          ca: str('ca'),
        },
        io.env,
        io.cwd,
      )
      return connection
    },
    clients() {
      clients ??= createClients(ctx.connection())
      return clients
    },
    admin() {
      admin ??= new AdminClient(ctx.connection())
      return admin
    },
  }
  try {
    return (await command.run(ctx)) ?? 0
  } finally {
    clients?.destroy()
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [first, second, ...rest] = argv
  if (first === undefined || isHelp(first)) {
    const group = second === undefined ? undefined : findByName(GROUPS, second)
    io.stdout.write(group === undefined ? mainHelp(GROUPS) : groupHelp(group))
    return 0
  }
  if (first === '--version' || first === '-V' || first === 'version') {
    io.stdout.write(`verge ${vergeVersion()}\n`)
    return 0
  }
  if (PROCESS_COMMANDS.some(([name]) => name === first)) return runProcessCommand(first, argv.slice(1))
  if (findByName(configureGroup.commands, first) !== undefined)
    return runNamed(configureGroup, configureCommand, argv.slice(1), io)
  const group = findByName(GROUPS, first)
  if (group === undefined) {
    const hint = first.startsWith('-')
      ? ' Flags go after the command.'
      : didYouMean(first, [
          ...GROUPS.flatMap(namesOf),
          ...PROCESS_COMMANDS.map(([name]) => name),
          ...namesOf(configureCommand),
        ])
    throw usageError(`Unknown command ${JSON.stringify(first)}.${hint} Run "verge --help".`)
  }
  if (second === undefined || isHelp(second)) {
    ;(second === undefined ? io.stderr : io.stdout).write(groupHelp(group))
    return second === undefined ? EXIT_USAGE : 0
  }
  const command = findByName(group.commands, second)
  if (command === undefined) {
    const match = closest(second, group.commands.flatMap(namesOf))
    const hint = match === undefined ? '' : ` Did you mean "verge ${group.name} ${match}"?`
    throw usageError(
      `Unknown command "verge ${group.name} ${second}".${hint} Run "verge ${group.name} --help".`,
    )
  }
  return runNamed(group, command, rest, io)
}

/** Runs a command; a usage error ends with where its help is. */
async function runNamed(group: CommandGroup, command: CommandSpec, argv: string[], io: CliIo) {
  try {
    return await runCommand(group, command, argv, io)
  } catch (error) {
    if (error instanceof CliError && error.code === 'UsageError')
      error.message += ` Run "${commandPath(group, command)} --help".`
    throw error
  }
}

/**
 * Runs `verge <argv>` and returns the exit code: 0 ok, 1 API error, 2 usage error, 3 not found.
 * Errors go to stderr as `error: <code>: <message>`; stdout holds only the result.
 */
export async function runVerge(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const full: CliIo = {
    stdin: io.stdin ?? process.stdin,
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
  }
  try {
    return await dispatch(argv, full)
  } catch (error) {
    const { code, message } = describeError(error)
    full.stderr.write(`error: ${code}: ${message}\n`)
    if (full.env.VERGE_DEBUG && error instanceof Error && error.stack) full.stderr.write(`${error.stack}\n`)
    return exitCodeFor(error)
  }
}
