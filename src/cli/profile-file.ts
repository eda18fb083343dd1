import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { CliError, usageError } from './errors.js'

/** One named profile: where the control plane is and how to sign for it. */
export interface Profile {
  endpoint?: string
  accessKeyId?: string
  secretAccessKey?: string
}

const home = (env: NodeJS.ProcessEnv) => env.HOME || homedir()

/**
 * The config file `verge configure` writes: `VERGE_CONFIG`, else `verge/config.json` in the
 * user's config directory (`XDG_CONFIG_HOME`, else `~/.config`, the XDG Base Directory rule).
 */
export function configFilePath(env: NodeJS.ProcessEnv): string {
  if (env.VERGE_CONFIG) return env.VERGE_CONFIG
  const base = env.XDG_CONFIG_HOME || join(home(env), '.config')
  return join(base, 'verge', 'config.json')
}

/** The file profiles are read from: the config file, or `~/.verge/config.json` of earlier versions. */
export function readableConfigFile(env: NodeJS.ProcessEnv): string {
  const file = configFilePath(env)
  if (env.VERGE_CONFIG || existsSync(file)) return file
  const legacy = join(home(env), '.verge', 'config.json')
  return existsSync(legacy) ? legacy : file
}

/** The parsed config file, or undefined when it does not exist. */
export function readConfigFile(file: string): Record<string, unknown> | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new CliError('UsageError', `Cannot read ${file}: ${(error as Error).message}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw usageError(`${file} is not valid JSON.`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw usageError(`${file} must hold a JSON object ({"profiles": {...}}).`)
  return parsed as Record<string, unknown>
}

/**
 * Sets profile `name` in `file`, keeping the other profiles and fields. The file holds a
 * secret: it is written owner-only (0600), through a temporary file so a crash never leaves
 * half of it.
 */
export function writeProfile(file: string, name: string, profile: Profile): void {
  const current = readConfigFile(file) ?? {}
  const profiles = current.profiles
  if (
    profiles !== undefined &&
    (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles))
  )
    throw usageError(`${file}: profiles must be an object; fix or remove the file.`)
  const next = {
    ...current,
    profiles: { ...(profiles as Record<string, unknown> | undefined), [name]: profile },
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 })
  chmodSync(temporary, 0o600)
  renameSync(temporary, file)
}
