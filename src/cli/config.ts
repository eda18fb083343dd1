import { resolve } from 'node:path'
import { readCaFile, TlsFileError } from '../shared/index.js'
import { usageError } from './errors.js'
import { type Profile, readableConfigFile, readConfigFile } from './profile-file.js'

/** Where `verge` sends requests and how it signs them. */
export interface Connection {
  endpoint: string
  accessKeyId: string
  secretAccessKey: string
  /** Where the credentials came from, for error messages. */
  source: string
  /** CA certificates (PEM) trusted for an `https://` endpoint besides Node's own (`--ca`). */
  ca?: string
}

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:7070'

/** `verge start`'s and `verge control`'s data directory when neither --data-dir nor VERGE_DATA_DIR says. */
export const DEFAULT_DATA_DIR = '.verge'

export interface ConnectionFlags {
  endpoint?: string | undefined
  accessKeyId?: string | undefined
  secretAccessKey?: string | undefined
  profile?: string | undefined
  /** The data directory of `verge start`, whose `credentials.json` holds the keys. */
  dataDir?: string | undefined
  /** A CA file to trust (`--ca`), else `VERGE_CA_FILE`. */
  ca?: string | undefined
}

function stringField(record: Record<string, unknown>, name: string, file: string): string | undefined {
  const value = record[name]
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw usageError(`${file}: ${name} must be a string.`)
  return value
}

/**
 * A named profile of the config file (`verge configure` writes it; `profile-file.ts` says
 * where): `{"profiles": {"default": {"endpoint", "accessKeyId", "secretAccessKey"}, ...}}`.
 */
function readProfile(env: NodeJS.ProcessEnv, name: string | undefined): Profile | undefined {
  const file = readableConfigFile(env)
  const parsed = readConfigFile(file)
  if (parsed === undefined) {
    if (name !== undefined)
      throw usageError(`Profile ${name} not found: ${file} does not exist (verge configure writes it).`)
    return undefined
  }
  const profiles = parsed.profiles
  const wanted = name ?? 'default'
  const profile =
    typeof profiles === 'object' && profiles !== null
      ? (profiles as Record<string, unknown>)[wanted]
      : undefined
  if (typeof profile !== 'object' || profile === null) {
    if (name !== undefined)
      throw usageError(`Profile ${name} is not in ${file} (verge configure --profile ${name} adds it).`)
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

/** The keys `verge start` keeps in `<dataDir>/credentials.json`; undefined when there are none. */
export function readDataDirCredentials(
  dataDir: string,
  cwd: string,
): { accessKeyId: string; secretAccessKey: string; file: string } | undefined {
  const file = resolve(cwd, dataDir, 'credentials.json')
  const parsed = readConfigFile(file)
  if (parsed === undefined) return undefined
  const accessKeyId = stringField(parsed, 'accessKeyId', file)
  const secretAccessKey = stringField(parsed, 'secretAccessKey', file)
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined
  return { accessKeyId, secretAccessKey, file }
}

interface Candidate {
  id?: string | undefined
  secret?: string | undefined
  source: string
  /** A data directory to read: `required` when named on purpose, so its absence is an error. */
  dataDir?: { dir: string; required: boolean }
}

/**
 * Resolves the endpoint and credentials, each from the first place that has it: flags
 * (`--access-key-id`/`--secret-access-key`, then `--data-dir`), then the environment
 * (`VERGE_ENDPOINT`, `VERGE_ACCESS_KEY_ID`/`VERGE_SECRET_ACCESS_KEY`, then `VERGE_DATA_DIR`), then
 * the profile (`--profile`, `VERGE_PROFILE`, else `default`), then `./.verge/credentials.json`.
 * The access key and the secret always come from the same place.
 */
export function resolveConnection(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Connection {
  const caFile = flags.ca ?? (env.VERGE_CA_FILE || undefined)
  const connection = resolveEndpointAndKeys(flags, env, cwd)
  return caFile === undefined ? connection : { ...connection, ca: readCa(resolve(cwd, caFile)) }
}

function readCa(file: string): string {
  try {
    return readCaFile(file)
  } catch (error) {
    if (error instanceof TlsFileError) throw usageError(`--ca (VERGE_CA_FILE): ${error.message}`)
    throw error
  }
}

function resolveEndpointAndKeys(flags: ConnectionFlags, env: NodeJS.ProcessEnv, cwd: string): Connection {
  const profileName = flags.profile ?? (env.VERGE_PROFILE || undefined)
  const profile = readProfile(env, profileName)
  const endpoint =
    flags.endpoint ?? (env.VERGE_ENDPOINT || undefined) ?? profile?.endpoint ?? DEFAULT_ENDPOINT
  try {
    new URL(endpoint)
  } catch {
    throw usageError(`The endpoint ${JSON.stringify(endpoint)} is not a URL (e.g. ${DEFAULT_ENDPOINT}).`)
  }
  const candidates: Candidate[] = [
    { id: flags.accessKeyId, secret: flags.secretAccessKey, source: 'flags' },
    ...(flags.dataDir === undefined
      ? []
      : [{ source: '--data-dir', dataDir: { dir: flags.dataDir, required: true } }]),
    {
      id: env.VERGE_ACCESS_KEY_ID || undefined,
      secret: env.VERGE_SECRET_ACCESS_KEY || undefined,
      source: 'VERGE_ACCESS_KEY_ID/VERGE_SECRET_ACCESS_KEY',
    },
    ...(env.VERGE_DATA_DIR
      ? [{ source: 'VERGE_DATA_DIR', dataDir: { dir: env.VERGE_DATA_DIR, required: true } }]
      : []),
    {
      id: profile?.accessKeyId,
      secret: profile?.secretAccessKey,
      source: `profile ${profileName ?? 'default'}`,
    },
    { source: DEFAULT_DATA_DIR, dataDir: { dir: DEFAULT_DATA_DIR, required: false } },
  ]
  for (const candidate of candidates) {
    if (candidate.dataDir !== undefined) {
      const found = readDataDirCredentials(candidate.dataDir.dir, cwd)
      if (found !== undefined)
        return {
          endpoint,
          accessKeyId: found.accessKeyId,
          secretAccessKey: found.secretAccessKey,
          source: found.file,
        }
      if (candidate.dataDir.required)
        throw usageError(
          `No credentials in ${resolve(cwd, candidate.dataDir.dir, 'credentials.json')} (${candidate.source}): ` +
            'is it the directory verge start or verge control uses?',
        )
      continue
    }
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
  throw usageError(
    'No credentials: run verge configure, pass --access-key-id and --secret-access-key, set ' +
      'VERGE_ACCESS_KEY_ID and VERGE_SECRET_ACCESS_KEY, pass --data-dir with the directory of ' +
      'verge start, or run from the directory where verge start keeps .verge/credentials.json.',
  )
}
