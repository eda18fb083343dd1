import { subscribe } from 'node:diagnostics_channel'
import { functionLoadChannel } from '../functions/function-loader.js'
import { replicaFileChannel } from './replica-file.js'

/**
 * Prints, one line each on `stderr`, what the edge's data integrity checks did: a replica file
 * set aside (and why), a temporary file a killed writer left, an old replica file imported, a
 * function that could not be loaded. For the processes' entry points (libraries only publish).
 */
export function logEdgeIntegrity(prefix: string, stderr: NodeJS.WritableStream = process.stderr): void {
  subscribe(replicaFileChannel.name, (message) => {
    const m = message as { event: string; file: string; reason?: string; revision?: number }
    if (m.event === 'discarded')
      stderr.write(
        `${prefix}: the replica file ${m.file} cannot be used (${m.reason}); it is kept as ${m.file}.rejected and the edge takes the control plane's snapshot.\n`,
      )
    else if (m.event === 'temporary-removed')
      stderr.write(`${prefix}: removed ${m.file}, left by an interrupted write.\n`)
    else if (m.event === 'migrated')
      stderr.write(
        `${prefix}: imported ${m.file} (revision ${m.revision}) into the replica database, and removed it.\n`,
      )
  })
  subscribe(functionLoadChannel.name, (message) => {
    const m = message as { arn: string; error: unknown }
    const reason = m.error instanceof Error ? m.error.message : String(m.error)
    stderr.write(
      `${prefix}: function ${m.arn} cannot be loaded (${reason}): its requests get 503 until a new version is published.\n`,
    )
  })
}
