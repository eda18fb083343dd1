import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

/** `src/control/main.js` beside this compiled file's tree (works from any outDir). */
export const CONTROL_MAIN = fileURLToPath(new URL('../../src/control/main.js', import.meta.url))

export interface ControlProcess {
  child: ChildProcess
  url: string
  /** Resolves with the exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals>
}

/** Spawns the control plane as its own process and waits for its `listening` line. */
export async function spawnControlPlane(env: NodeJS.ProcessEnv): Promise<ControlProcess> {
  const child = spawn(process.execPath, ['--enable-source-maps', CONTROL_MAIN], {
    env: { ...process.env, VERGE_CONTROL_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | NodeJS.Signals)
  const lines = createInterface({ input: child.stdout! })
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      try {
        const event = JSON.parse(line) as { event?: string; url?: string }
        if (event.event === 'listening' && event.url !== undefined) resolve(event.url)
      } catch {
        // Not one of our JSON lines.
      }
    })
    void exited.then((how) => reject(new Error(`The control plane exited (${how}) before listening.`)))
  })
  return { child, url, exited }
}
