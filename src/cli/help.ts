import type { CommandGroup, CommandSpec, OptionSpec } from './command.js'

/** Flags every command takes. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  endpoint: {
    type: 'string',
    placeholder: 'URL',
    description: 'Control plane URL (VERGE_ENDPOINT, profile; default http://127.0.0.1:7070)',
  },
  'access-key-id': { type: 'string', placeholder: 'ID', description: 'Access key id (VERGE_ACCESS_KEY_ID)' },
  'secret-access-key': {
    type: 'string',
    placeholder: 'SECRET',
    description: 'Secret access key (VERGE_SECRET_ACCESS_KEY)',
  },
  profile: {
    type: 'string',
    placeholder: 'NAME',
    description: 'Profile written by verge configure (VERGE_PROFILE; default "default")',
  },
  'data-dir': {
    type: 'string',
    placeholder: 'DIR',
    description: 'Use the credentials verge start keeps in DIR (VERGE_DATA_DIR; default ./.verge)',
  },
  ca: {
    type: 'string',
    placeholder: 'FILE',
    description: 'CA certificate(s), PEM, trusted for an https:// endpoint (VERGE_CA_FILE)',
  },
  output: { type: 'string', short: 'o', placeholder: 'FORMAT', description: 'table (default) or json' },
  help: { type: 'boolean', short: 'h', description: 'Show this help' },
}

/** The process commands, handled by `src/cli/commands/*.ts`. */
export const PROCESS_COMMANDS: ReadonlyArray<[name: string, summary: string]> = [
  ['start', 'Run a control plane, one edge and the console in one process (state in ./.verge)'],
  ['control', 'Run a control plane'],
  ['edge', 'Run an edge node that replicates from a control plane (--control URL)'],
]

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const entries = Object.entries(options).map(([name, spec]) => {
    const short = spec.short === undefined ? '    ' : `-${spec.short}, `
    const value = spec.type === 'string' ? ` ${spec.placeholder ?? 'VALUE'}` : ''
    const repeat = spec.multiple === true ? ' (repeatable)' : ''
    return [`${short}--${name}${value}`, `${spec.description}${repeat}`] as const
  })
  const width = Math.max(...entries.map(([flag]) => flag.length))
  return entries.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`)
}

/** `verge <group> <command>`, or `verge <command>` for one without a group (`configure`). */
export function commandPath(group: CommandGroup, command: CommandSpec): string {
  return ['verge', group.name, command.name].filter((word) => word !== '').join(' ')
}

function synopsis(group: CommandGroup, command: CommandSpec): string {
  const args = (command.args ?? []).map((a) => (a.endsWith('?') ? `[${a.slice(0, -1)}]` : a))
  return [commandPath(group, command), ...args, '[flags]'].join(' ')
}

/** `verge <group> <command> --help`. */
export function commandHelp(group: CommandGroup, command: CommandSpec): string {
  const lines = [`Usage: ${synopsis(group, command)}`, '', command.summary]
  if (command.aliases?.length) lines.push('', `Aliases: ${command.aliases.join(', ')}`)
  if (command.options !== undefined && Object.keys(command.options).length > 0)
    lines.push('', 'Flags:', ...optionLines(command.options))
  lines.push('', 'Global flags:', ...optionLines(GLOBAL_OPTIONS))
  if (command.details !== undefined) lines.push('', command.details.trim())
  return `${lines.join('\n')}\n`
}

/** `verge <group> --help`. */
export function groupHelp(group: CommandGroup): string {
  const width = Math.max(...group.commands.map((c) => c.name.length))
  const lines = [
    `Usage: verge ${group.name} <command> [flags]`,
    '',
    group.summary,
    '',
    'Commands:',
    ...group.commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run "verge ${group.name} <command> --help" for a command's flags.`,
  ]
  return `${lines.join('\n')}\n`
}

/** `verge --help`. */
export function mainHelp(groups: readonly CommandGroup[]): string {
  const width = Math.max(...groups.map((g) => g.name.length), ...PROCESS_COMMANDS.map(([n]) => n.length))
  const lines = [
    'Usage: verge <group> <command> [flags]',
    '       verge start | control | edge | configure [flags]',
    '',
    'Verge runs CloudFront Functions and KeyValueStore on your own edges.',
    '',
    'Groups:',
    ...groups.map((g) => `  ${g.name.padEnd(width)}  ${g.summary}`),
    '',
    'Processes:',
    ...PROCESS_COMMANDS.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`),
    '',
    'Setup:',
    `  ${'configure'.padEnd(width)}  Save the control plane URL and credentials as a profile`,
    '',
    'Global flags:',
    ...optionLines({ ...GLOBAL_OPTIONS, version: { type: 'boolean', description: 'Print the version' } }),
    '',
    'Exit codes: 0 ok, 1 API error, 2 usage error, 3 not found.',
    'Run "verge <group> --help" for its commands.',
  ]
  return `${lines.join('\n')}\n`
}
