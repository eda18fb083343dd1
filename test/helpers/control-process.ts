import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

/** The `verge` command beside this compiled file's tree (works from any outDir). */
export const VERGE_MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url))

export interface ControlProcess {
  child: ChildProcess
  url: string
  /** Resolves with the exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals>
}

/**
 * Spawns `verge control` as its own process and waits for the URL it prints. `nodeArgs` go to
 * node before the script (`--cpu-prof`, which NODE_OPTIONS may not carry).
 */
export async function spawnControlPlane(
  env: NodeJS.ProcessEnv,
  nodeArgs: readonly string[] = [],
): Promise<ControlProcess> {
  const child = spawn(process.execPath, ['--enable-source-maps', ...nodeArgs, VERGE_MAIN, 'control'], {
    env: { ...process.env, VERGE_CONTROL_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | NodeJS.Signals)
  const lines = createInterface({ input: child.stdout! })
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const match = /^\s*Control plane:\s+(http\S+)/.exec(line)
      if (match?.[1] !== undefined) resolve(match[1])
    })
    void exited.then((how) => reject(new Error(`The control plane exited (${how}) before listening.`)))
  })
  return { child, url, exited }
}
