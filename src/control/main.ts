import { startControlPlane } from './control-plane.js'

/**
 * `node dist/src/control/main.js`: the control plane as its own process. Configured by
 * `VERGE_DATA_DIR` (default `./.verge`), `VERGE_CONTROL_HOST` (127.0.0.1), `VERGE_CONTROL_PORT`
 * (7070), `VERGE_ACCOUNT_ID`, the credential variables and `VERGE_S3_*`. Prints one JSON line
 * `{"event":"listening","url":…}` when ready; SIGTERM or SIGINT closes it cleanly.
 */
const env = process.env
const controlPlane = await startControlPlane({
  dataDir: env.VERGE_DATA_DIR ?? './.verge',
  host: env.VERGE_CONTROL_HOST ?? '127.0.0.1',
  port: Number(env.VERGE_CONTROL_PORT ?? 7070),
})
process.stdout.write(
  `${JSON.stringify({ event: 'listening', url: controlPlane.url, accountId: controlPlane.accountId })}\n`,
)

let stopping = false
async function stop(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  await controlPlane.close()
  process.stdout.write(`${JSON.stringify({ event: 'closed', signal })}\n`)
  process.exit(0)
}
process.on('SIGTERM', () => void stop('SIGTERM'))
process.on('SIGINT', () => void stop('SIGINT'))
