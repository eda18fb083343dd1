import type { EdgeLogger } from './viewer-server.js'

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
