import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const CHILD = fileURLToPath(new URL('./guest-run-child.js', import.meta.url))
// Only a backstop, so that a hazard that stalls the child fails the test instead of hanging it.
const BACKSTOP_MS = 30_000

/** What came of running `statements` in a function, in a child process. */
export interface HazardOutcome {
  /** The child's exit status; null when a signal ended it. */
  readonly status: number | null
  readonly signal: NodeJS.Signals | null
  readonly errorMessage: string | undefined
  /** The body of the request after the hazard ("served"). */
  readonly served: string | undefined
  readonly maxRssMb: number | undefined
  readonly stderr: string
}

export function runHazard(statements: string): HazardOutcome {
  const child = spawnSync(process.execPath, [CHILD, statements], { encoding: 'utf8', timeout: BACKSTOP_MS })
  const line = child.stdout.trim().split('\n').at(-1) ?? ''
  let parsed: Partial<HazardOutcome> = {}
  try {
    parsed = JSON.parse(line)
  } catch {
    // the child died before printing
  }
  return {
    status: child.status,
    signal: child.signal,
    errorMessage: parsed.errorMessage,
    served: parsed.served,
    maxRssMb: parsed.maxRssMb,
    stderr: child.stderr.slice(0, 400),
  }
}
