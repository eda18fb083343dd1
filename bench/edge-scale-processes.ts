/**
 * The `verge` processes of `bench/edge-scale.ts`: each started from a checkout's
 * `dist/src/cli/main.js` in its own process group, so that the whole tree (an edge's primary
 * and its workers) can be measured and killed; every one started is stopped by `stopAll`.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'

/** A running `verge start|control|edge`, its output lines kept for errors and parsing. */
export interface VergeProcess {
  readonly name: string
  readonly child: ChildProcess
  readonly pid: number
  /** Everything printed so far, stdout and stderr, one line each. */
  readonly lines: string[]
  /** Resolves with the first line (past or future) matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>
}

const running = new Set<VergeProcess>()
const tempDirs = new Set<string>()

// Should the bench itself crash, no process group it started and no data dir stays behind.
process.on('exit', () => {
  for (const proc of running) signalGroup(proc, 'SIGKILL')
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
})

/** A new directory under the system's temp dir, removed by `removeTempDir` or at exit. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix))
  tempDirs.add(dir)
  return dir
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  tempDirs.delete(dir)
}

/** Variables the bench sets itself; inherited ones would change what `verge` does. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('VERGE_')) env[name] = value
  return { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extra }
}

/** Starts `node <repo>/dist/src/cli/main.js <args>` in a process group of its own. */
export function startVerge(
  repo: string,
  name: string,
  args: string[],
  env: Record<string, string>,
): VergeProcess {
  const main = path.join(repo, 'dist', 'src', 'cli', 'main.js')
  const child = spawn(process.execPath, [main, ...args], {
    cwd: repo,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: cleanEnv(env),
  })
  if (child.pid === undefined) throw new Error(`${name}: could not start ${main}`)
  const lines: string[] = []
  const waiters = new Set<{ pattern: RegExp; resolve: (m: RegExpMatchArray) => void }>()
  const onText = (buffered: { rest: string }) => (chunk: Buffer) => {
    const parts = (buffered.rest + chunk.toString('utf8')).split('\n')
    buffered.rest = parts.pop() ?? ''
    for (const line of parts) {
      lines.push(line)
      if (lines.length > 2_000) lines.splice(0, 1_000)
      for (const waiter of waiters) {
        const match = line.match(waiter.pattern)
        if (match !== null) {
          waiters.delete(waiter)
          waiter.resolve(match)
        }
      }
    }
  }
  child.stdout?.on('data', onText({ rest: '' }))
  child.stderr?.on('data', onText({ rest: '' }))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const proc: VergeProcess = {
    name,
    child,
    pid: child.pid,
    lines,
    exited,
    waitForLine(pattern, timeoutMs) {
      for (const line of lines) {
        const match = line.match(pattern)
        if (match !== null) return Promise.resolve(match)
      }
      return new Promise((resolve, reject) => {
        const waiter = {
          pattern,
          resolve: (match: RegExpMatchArray) => {
            clearTimeout(timer)
            resolve(match)
          },
        }
        const fail = (why: string) => {
          waiters.delete(waiter)
          reject(
            new Error(`${name}: ${why} waiting for ${pattern}; last output:\n${lines.slice(-15).join('\n')}`),
          )
        }
        const timer = setTimeout(() => fail(`no line in ${timeoutMs} ms`), timeoutMs)
        waiters.add(waiter)
        void exited.then(() => {
          clearTimeout(timer)
          setImmediate(() => {
            if (waiters.has(waiter)) fail(`exited (${child.exitCode ?? child.signalCode})`)
          })
        })
      })
    },
  }
  running.add(proc)
  void exited.then(() => running.delete(proc))
  return proc
}

/** Sends `signal` to the process group of `proc` (its primary and every worker). */
export function signalGroup(proc: VergeProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-proc.pid, signal)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}

/** SIGTERM, then SIGKILL of the group after `graceMs`; resolves once the group is gone. */
export async function stopVerge(proc: VergeProcess, graceMs = 15_000): Promise<void> {
  signalGroup(proc, 'SIGTERM')
  const timer = setTimeout(() => signalGroup(proc, 'SIGKILL'), graceMs)
  await proc.exited
  clearTimeout(timer)
  // Workers outlive a primary that exits without them: none may stay behind.
  await killGroup(proc)
}

/** SIGKILL of the whole group; resolves once no process of it is left. */
export async function killGroup(proc: VergeProcess): Promise<void> {
  signalGroup(proc, 'SIGKILL')
  await proc.exited
  const deadline = Date.now() + 5_000
  while (groupPids(proc.pid).length > 0 && Date.now() < deadline) await sleep(20)
}

/** Stops every process still running (the bench's `finally`). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((proc) => killGroup(proc)))
}

interface ProcStat {
  pid: number
  ppid: number
  pgrp: number
}

function readStats(): ProcStat[] {
  const stats: ProcStat[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // The command name is in parentheses and may hold spaces: fields follow the last ')'.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
      stats.push({ pid: Number(entry), ppid: Number(fields[1]), pgrp: Number(fields[2]) })
    } catch {
      // The process ended between readdir and read.
    }
  }
  return stats
}

function groupPids(pgrp: number): number[] {
  return readStats()
    .filter((s) => s.pgrp === pgrp)
    .map((s) => s.pid)
}

/** `root` and all its descendants, whatever their process group. */
export function treePids(root: number): number[] {
  const stats = readStats()
  const tree = new Set([root])
  let grew = true
  while (grew) {
    grew = false
    for (const s of stats)
      if (!tree.has(s.pid) && tree.has(s.ppid)) {
        tree.add(s.pid)
        grew = true
      }
  }
  return [...tree].filter((pid) => stats.some((s) => s.pid === pid))
}

/** VmRSS of one process in bytes (0 once it has gone). */
export function rssBytes(pid: number): number {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)\s+kB/m)
    return match === null ? 0 : Number(match[1]) * 1024
  } catch {
    return 0
  }
}

/** The RSS of `root` and every descendant, summed, and each process's. */
export function treeRss(root: number): { total: number; each: number[] } {
  const each = treePids(root).map(rssBytes)
  return { total: each.reduce((a, b) => a + b, 0), each }
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
