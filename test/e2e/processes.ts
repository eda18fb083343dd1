import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { request } from 'node:http'
import { fileURLToPath } from 'node:url'

/** The compiled CLI entry, beside this compiled test (`<out>/test/e2e` → `<out>/src/cli`). */
export const CLI_MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url))

/** One `verge …` process with its output so far. */
export interface VergeProcess {
  readonly child: ChildProcess
  readonly pid: number
  stdout(): string
  stderr(): string
  /** Resolves with the exit code, or the signal that ended it. */
  readonly exited: Promise<number | NodeJS.Signals>
  /** Waits until stdout matches `pattern`; fails if the process exits first or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  /** Sends `signal` (default SIGTERM) and waits for the exit; SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | NodeJS.Signals>
}

/** Every process spawned here and not yet stopped: `stopAll()` in `after` ends them. */
const live = new Set<VergeProcess>()

/** The environment without any VERGE_* of the machine running the tests, plus `env`. */
export function cleanEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VERGE_')))
  return { ...base, ...env }
}

/** Spawns `node main.js …args` (the real `verge` command). */
export function spawnVerge(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): VergeProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', CLI_MAIN, ...args], {
    cwd: options.cwd,
    env: cleanEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  const watchers = new Set<() => void>()
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk
    for (const watcher of watchers) watcher()
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk
  })
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | NodeJS.Signals)
  let ended = false
  void exited.then(() => {
    ended = true
    live.delete(proc)
    for (const watcher of watchers) watcher()
  })
  const proc: VergeProcess = {
    child,
    pid: child.pid ?? 0,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          watchers.delete(check)
          reject(
            new Error(
              `Timed out waiting for ${pattern} from verge ${args[0]}.\nstdout:\n${out}\nstderr:\n${err}`,
            ),
          )
        }, timeoutMs)
        function check() {
          const match = out.match(pattern)
          if (match === null && !ended) return
          clearTimeout(timer)
          watchers.delete(check)
          if (match !== null) resolve(match)
          else
            reject(
              new Error(
                `verge ${args[0]} exited before printing ${pattern}.\nstdout:\n${out}\nstderr:\n${err}`,
              ),
            )
        }
        watchers.add(check)
        check()
      })
    },
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (!ended) {
        child.kill(signal)
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
        try {
          return await exited
        } finally {
          clearTimeout(timer)
        }
      }
      return exited
    },
  }
  live.add(proc)
  return proc
}

/** Ends every process still running (SIGKILL after a grace period). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop('SIGTERM', 5_000)))
}

/** The first URL printed after `label:` (`Edge:`, `Control plane:`). */
export async function printedUrl(proc: VergeProcess, label: string): Promise<string> {
  const match = await proc.waitFor(new RegExp(`${label}:\\s+(http://\\S+)`))
  return match[1] as string
}

export interface HttpResult {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/**
 * GET over a new connection, closed after the response, like `curl`: on a multi-worker edge,
 * successive calls reach the workers in turn (the cluster hands out connections round robin).
 */
export function httpGet(url: string, timeoutMs = 5_000): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { agent: false, headers: { connection: 'close' }, timeout: timeoutMs },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          body += chunk
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)))
    req.on('error', reject)
    req.end()
  })
}

/** The body of GET `url`, or undefined when it cannot be reached (yet). */
export async function bodyOf(url: string): Promise<string | undefined> {
  try {
    return (await httpGet(url)).body
  } catch {
    return undefined
  }
}
