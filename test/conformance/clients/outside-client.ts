import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Credentials } from '../../../src/control/auth/credentials.js'

/** What an outside client process printed and how it ended. */
export interface ClientRun {
  code: number
  stdout: string
  stderr: string
}

/**
 * The environment of an outside AWS client: the machine's, less every `AWS_*` variable, plus the
 * test's credentials and region; the config and credentials files are /dev/null and HOME is
 * an empty folder, so nothing of the machine's own AWS setup leaks in.
 */
export function clientEnv(credentials: Credentials, home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('AWS_') && !name.startsWith('BOTO_')) env[name] = value
  }
  return {
    ...env,
    HOME: home,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    AWS_RETRY_MODE: 'standard',
  }
}

/**
 * Runs a client without blocking the event loop (the control plane it talks to runs in this
 * process); `input` goes to its standard input. A client that cannot be started is code -1.
 */
export function runClient(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  input?: string,
): Promise<ClientRun> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : error.killed ? -2 : -1
        resolve({ code, stdout: String(stdout), stderr: String(stderr) })
      },
    )
    child.stdin?.end(input ?? '')
  })
}

/** A scratch folder for a client's HOME and input files; `remove()` deletes it. */
export function scratch(): {
  dir: string
  file(name: string, content: string | Uint8Array): string
  remove(): void
} {
  const dir = mkdtempSync(join(tmpdir(), 'verge-client-'))
  return {
    dir,
    file(name, content) {
      const path = join(dir, name)
      writeFileSync(path, content)
      return path
    },
    remove() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
