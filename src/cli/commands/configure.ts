import { createInterface } from 'node:readline/promises'
import type { CommandContext, CommandGroup, CommandSpec } from '../command.js'
import { stringOption } from '../command.js'
import { DEFAULT_ENDPOINT, resolveConnection } from '../config.js'
import { usageError } from '../errors.js'
import { formatRecord } from '../output.js'
import { configFilePath, type Profile, writeProfile } from '../profile-file.js'

/**
 * What the new profile starts from: what the CLI finds now from the flags, the environment,
 * `--data-dir` or `./.verge` (and the default profile), if anything.
 */
function currentSettings(ctx: CommandContext): Partial<Profile> {
  const endpoint = stringOption(ctx, 'endpoint') ?? (ctx.env.VERGE_ENDPOINT || undefined)
  try {
    const found = resolveConnection(
      {
        endpoint,
        accessKeyId: stringOption(ctx, 'access-key-id'),
        secretAccessKey: stringOption(ctx, 'secret-access-key'),
        dataDir: stringOption(ctx, 'data-dir'),
      },
      { ...ctx.env, VERGE_PROFILE: undefined },
      ctx.cwd,
    )
    return {
      endpoint: found.endpoint,
      accessKeyId: found.accessKeyId,
      secretAccessKey: found.secretAccessKey,
    }
  } catch (error) {
    // Half a key pair or a bad URL is the user's to fix; finding nothing is what prompts are for.
    if (
      stringOption(ctx, 'access-key-id') !== undefined ||
      stringOption(ctx, 'secret-access-key') !== undefined
    )
      throw error
    if (stringOption(ctx, 'data-dir') !== undefined) throw error
    return endpoint === undefined ? {} : { endpoint }
  }
}

const masked = (secret: string) => `****${secret.slice(-4)}`

/** Asks for each setting on a terminal, offering the current one (Enter keeps it). */
async function ask(ctx: CommandContext, start: Partial<Profile>): Promise<Partial<Profile>> {
  const rl = createInterface({ input: ctx.stdin, output: ctx.stderr })
  try {
    const question = async (label: string, current: string | undefined, shown = current) => {
      const answer = (await rl.question(`${label}${shown === undefined ? '' : ` [${shown}]`}: `)).trim()
      return answer === '' ? current : answer
    }
    const endpoint = await question('Control plane URL', start.endpoint ?? DEFAULT_ENDPOINT)
    const accessKeyId = await question('Access key id', start.accessKeyId)
    const secretAccessKey = await question(
      'Secret access key',
      start.secretAccessKey,
      start.secretAccessKey === undefined ? undefined : masked(start.secretAccessKey),
    )
    return {
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(accessKeyId === undefined ? {} : { accessKeyId }),
      ...(secretAccessKey === undefined ? {} : { secretAccessKey }),
    }
  } finally {
    rl.close()
  }
}

/** `verge configure`: saves a profile so that later commands need no flags. */
export const configureCommand: CommandSpec = {
  name: 'configure',
  aliases: ['login'],
  summary: 'Save the control plane URL and credentials as a profile (no flags needed afterwards)',
  details: `Each setting comes from its flag, else from what the CLI finds now (environment,
--data-dir of verge start, ./.verge), else, on a terminal, from a prompt. The profile is written
to VERGE_CONFIG, else $XDG_CONFIG_HOME/verge/config.json, else ~/.config/verge/config.json
(owner-only: it holds the secret). --profile NAME writes another profile; the others are kept.
Examples:
  verge configure --endpoint http://127.0.0.1:7070 --data-dir ./.verge
  verge configure --profile prod --endpoint https://verge.example.com --access-key-id AKIA... --secret-access-key ...`,
  async run(ctx) {
    const name = stringOption(ctx, 'profile') ?? 'default'
    if (!/^[\w.-]{1,64}$/.test(name))
      throw usageError(
        `--profile must be 1-64 letters, digits, ".", "_" or "-", not ${JSON.stringify(name)}.`,
      )
    let settings = currentSettings(ctx)
    // On a terminal, ask unless the flags already said where the keys are.
    const keysGiven =
      stringOption(ctx, 'access-key-id') !== undefined || stringOption(ctx, 'data-dir') !== undefined
    if (ctx.stdin.isTTY === true && !keysGiven) settings = await ask(ctx, settings)
    const endpoint = settings.endpoint ?? DEFAULT_ENDPOINT
    const { accessKeyId, secretAccessKey } = settings
    if (accessKeyId === undefined || secretAccessKey === undefined)
      throw usageError(
        "No credentials to save: pass --access-key-id and --secret-access-key, or --data-dir with verge start's directory.",
      )
    // Checked like any other endpoint before it is saved.
    resolveConnection({ endpoint, accessKeyId, secretAccessKey }, {}, ctx.cwd)
    const file = configFilePath(ctx.env)
    writeProfile(file, name, { endpoint, accessKeyId, secretAccessKey })
    const data = { Profile: name, File: file, Endpoint: endpoint, AccessKeyId: accessKeyId }
    ctx.out.emit(data, () =>
      [
        formatRecord([
          ['Profile', name],
          ['Endpoint', endpoint],
          ['Access key id', accessKeyId],
          ['Saved in', file],
        ]),
        name === 'default'
          ? 'Commands now use it without flags: verge store list'
          : `Use it with --profile ${name} (or VERGE_PROFILE=${name}).`,
      ].join('\n'),
    )
    return 0
  },
}

/** `verge configure` is a command without a group; help and errors name it `verge configure`. */
export const configureGroup: CommandGroup = {
  name: '',
  summary: configureCommand.summary,
  commands: [configureCommand],
}
