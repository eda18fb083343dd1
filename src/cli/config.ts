import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { CliError, usageError } from './errors.js'

/** Where `verge` sends requests and how it signs them. */
export interface Connection {
  endpoint: string
  accessKeyId: string
  secretAccessKey: string
  /** Where the credentials came from, for error messages. */
  source: string
}

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:7070'

export interface ConnectionFlags {
  endpoint?: string | undefined
  accessKeyId?: string | undefined
  secretAccessKey?: string | undefined
  profile?: string | undefined
}

interface Profile {
  endpoint?: string
  accessKeyId?: string
  secretAccessKey?: string
}

function readJson(file: string): unknown | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new CliError('UsageError', `Cannot read ${file}: ${(error as Error).message}`)
  }
  try {
    return JSON.parse(text)
  } catch {
    throw usageError(`${file} is not valid JSON.`)
  }
}

function stringField(record: Record<string, unknown>, name: string, file: string): string | undefined {
  const value = record[name]
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw usageError(`${file}: ${name} must be a string.`)
  return value
}

/**
 * A named profile of the config file (`VERGE_CONFIG`, default `~/.verge/config.json`):
 * `{"profiles": {"default": {"endpoint", "accessKeyId", "secretAccessKey"}, ...}}`.
 */
function readProfile(env: NodeJS.ProcessEnv, name: string | undefined): Profile | undefined {
  const file = env.VERGE_CONFIG || join(homedir(), '.verge', 'config.json')
  const parsed = readJson(file)
  if (parsed === undefined) {
    if (name !== undefined) throw usageError(`Profile ${name} not found: ${file} does not exist.`)
    return undefined
  }
  const profiles = (parsed as { profiles?: unknown }).profiles
  const wanted = name ?? 'default'
  const profile =
    typeof profiles === 'object' && profiles !== null
      ? (profiles as Record<string, unknown>)[wanted]
      : undefined
  if (typeof profile !== 'object' || profile === null) {
    if (name !== undefined)
      throw usageError(`Profile ${name} is not in ${file} (expected {"profiles": {"${name}": {...}}}).`)
    return undefined
  }
  const record = profile as Record<string, unknown>
  const where = `${file} profile ${wanted}`
  const result: Profile = {}
  const endpoint = stringField(record, 'endpoint', where)
  const accessKeyId = stringField(record, 'accessKeyId', where)
  const secretAccessKey = stringField(record, 'secretAccessKey', where)
  if (endpoint !== undefined) result.endpoint = endpoint
  if (accessKeyId !== undefined) result.accessKeyId = accessKeyId
  if (secretAccessKey !== undefined) result.secretAccessKey = secretAccessKey
  return result
}

/** What `verge start` writes in its data directory (`./.verge/credentials.json`). */
function readLocalCredentials(cwd: string): { profile: Profile; file: string } | undefined {
  const file = resolve(cwd, '.verge', 'credentials.json')
  const parsed = readJson(file) as Record<string, unknown> | undefined
  if (parsed === undefined || typeof parsed !== 'object' || parsed === null) return undefined
  const accessKeyId = stringField(parsed, 'accessKeyId', file)
  const secretAccessKey = stringField(parsed, 'secretAccessKey', file)
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined
  return { profile: { accessKeyId, secretAccessKey }, file }
}

/**
 * Resolves the endpoint and credentials, each from the first place that has it: flags, then
 * the environment (`VERGE_ENDPOINT`, `VERGE_ACCESS_KEY_ID`, `VERGE_SECRET_ACCESS_KEY`), then the
 * profile (`--profile`, `VERGE_PROFILE`, else `default`), then `./.verge/credentials.json`.
 * The access key and the secret always come from the same place.
 */
export function resolveConnection(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Connection {
  const profileName = flags.profile ?? (env.VERGE_PROFILE || undefined)
  const profile = readProfile(env, profileName)
  const endpoint =
    flags.endpoint ?? (env.VERGE_ENDPOINT || undefined) ?? profile?.endpoint ?? DEFAULT_ENDPOINT
  try {
    new URL(endpoint)
  } catch {
    throw usageError(`The endpoint ${JSON.stringify(endpoint)} is not a URL (e.g. ${DEFAULT_ENDPOINT}).`)
  }
  const candidates: Array<{ id?: string | undefined; secret?: string | undefined; source: string }> = [
    { id: flags.accessKeyId, secret: flags.secretAccessKey, source: 'flags' },
    {
      id: env.VERGE_ACCESS_KEY_ID || undefined,
      secret: env.VERGE_SECRET_ACCESS_KEY || undefined,
      source: 'VERGE_ACCESS_KEY_ID/VERGE_SECRET_ACCESS_KEY',
    },
    {
      id: profile?.accessKeyId,
      secret: profile?.secretAccessKey,
      source: `profile ${profileName ?? 'default'}`,
    },
  ]
  for (const candidate of candidates) {
    if (candidate.id === undefined && candidate.secret === undefined) continue
    if (candidate.id === undefined || candidate.secret === undefined)
      throw usageError(`Give both the access key id and the secret access key (${candidate.source}).`)
    return {
      endpoint,
      accessKeyId: candidate.id,
      secretAccessKey: candidate.secret,
      source: candidate.source,
    }
  }
  const local = readLocalCredentials(cwd)
  if (local !== undefined) {
    return {
      endpoint,
      accessKeyId: local.profile.accessKeyId as string,
      secretAccessKey: local.profile.secretAccessKey as string,
      source: local.file,
    }
  }
  throw usageError(
    'No credentials: pass --access-key-id and --secret-access-key, set VERGE_ACCESS_KEY_ID and ' +
      'VERGE_SECRET_ACCESS_KEY, add a profile to ~/.verge/config.json, or run from the directory ' +
      'where verge start keeps .verge/credentials.json.',
  )
}
