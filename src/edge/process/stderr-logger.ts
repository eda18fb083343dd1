import { functionNameOf } from '../../sync/index.js'
import type { EdgeLogger } from '../viewer-server.js'

/**
 * The edge logger the processes use: a failed function (it threw, ran out of budget or memory,
 * or returned something invalid: the viewer got a 503) and pipeline errors, one line each on
 * stderr. A function's own console.log lines are not printed.
 */
export function stderrEdgeLogger(prefix: string, stderr: NodeJS.WritableStream = process.stderr): EdgeLogger {
  return {
    functionLog(entry) {
      if (entry.errorMessage === undefined) return
      stderr.write(
        `${prefix}: ${entry.eventType} function ${entry.functionArn} failed (request ${entry.requestId}, distribution ${entry.distributionId}): ${entry.errorMessage}\n`,
      )
    },
    error(message, error) {
      stderr.write(`${prefix}: ${message}: ${error instanceof Error ? error.message : String(error)}\n`)
    },
  }
}

const seconds = (ms: number) => (ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`)

/**
 * The line for a worker that died (`onWorkerExit`): its pid, how it ended, the function it was
 * running, and when the replacement starts.
 */
export function describeWorkerExit(exit: {
  pid: number
  code: number | null
  signal: string | null
  functionArn: string | undefined
  restartInMs: number
}): string {
  const running =
    exit.functionArn === undefined ? '' : ` while running function ${functionNameOf(exit.functionArn)}`
  return `Edge worker ${exit.pid} exited (${exit.signal ?? exit.code})${running}; starting another in ${exit.restartInMs} ms.\n`
}

/** The line for a quarantined function (`onQuarantine`). */
export function describeQuarantine(event: { functionArn: string; crashes: number; ms: number }): string {
  return `Function ${functionNameOf(event.functionArn)} (${event.functionArn}) stopped an edge worker ${event.crashes} times within a minute: quarantined for ${seconds(event.ms)}; its requests get 503 meanwhile.\n`
}

/** The line for a quarantine lifted by a new version of the function. */
export function describeQuarantineLifted(functionArn: string): string {
  return `Function ${functionNameOf(functionArn)} changed: its quarantine is lifted.\n`
}
