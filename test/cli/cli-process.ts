import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ControlPlane } from '../../src/control/control-plane.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'

/** The compiled CLI entry point, beside this compiled test (`<out>/test/cli` → `<out>/src/cli`). */
export const CLI_MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url))

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv
  cwd?: string
  stdin?: string
}

/** Runs `node main.js ...args` as its own process, with only the environment given (plus PATH). */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], {
      cwd: options.cwd ?? tmpdir(),
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(options.stdin ?? '')
  })
}

/** Parses stdout as exactly one JSON document, with the CLI's output in the failure message. */
export function parseJson<T = unknown>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T
  } catch {
    throw new Error(
      `stdout is not one JSON document (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`,
    )
  }
}

/** A control plane for CLI tests, an empty HOME and working directory, and `verge` bound to both. */
export interface CliFixture {
  testControlPlane: TestControlPlane
  controlPlane: ControlPlane
  /** HOME and cwd of the CLI: no profile file, no `.verge/` unless a test writes one. */
  home: string
  env: NodeJS.ProcessEnv
  verge(...args: string[]): Promise<CliResult>
  /** `verge ... --output json`, asserting exit 0, parsed. */
  vergeJson<T = unknown>(...args: string[]): Promise<T>
  stop(): Promise<void>
}

export async function startCliFixture(): Promise<CliFixture> {
  const testControlPlane = await startTestControlPlane()
  const { controlPlane } = testControlPlane
  const home = mkdtempSync(join(tmpdir(), 'verge-cli-home-'))
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    VERGE_ENDPOINT: controlPlane.url,
    VERGE_ACCESS_KEY_ID: controlPlane.credentials.accessKeyId,
    VERGE_SECRET_ACCESS_KEY: controlPlane.credentials.secretAccessKey,
  }
  const verge = (...args: string[]) => runCli(args, { env, cwd: home })
  return {
    testControlPlane,
    controlPlane,
    home,
    env,
    verge,
    async vergeJson<T>(...args: string[]) {
      const result = await verge(...args, '--output', 'json')
      if (result.code !== 0)
        throw new Error(`verge ${args.join(' ')} exited ${result.code}: ${result.stderr}`)
      return parseJson<T>(result)
    },
    async stop() {
      await testControlPlane.stop()
      rmSync(home, { recursive: true, force: true })
    },
  }
}
