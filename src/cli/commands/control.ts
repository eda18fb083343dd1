/**
 * `verge control`: the control plane as its own process (AWS APIs, console, sync API for edges).
 */
import { loadCredentials } from '../../control/auth/credentials.js'
import { loadEdgeToken } from '../../control/auth/edge-token.js'
import { startControlPlane } from '../../control/control-plane.js'
import { describeStateStore } from '../../control/state/open-state-store.js'
import { DATABASE_URL_FLAG, databaseUrl } from './database-url-flag.js'
import {
  type ProcessFlags,
  parseProcessFlags,
  processUsage,
  shownPath,
  untilSignal,
} from './process-common.js'
import { TLS_FLAGS, tlsKeyPair } from './tls-flags.js'

export const CONTROL_FLAGS: ProcessFlags = {
  port: {
    type: 'string',
    env: 'VERGE_CONTROL_PORT',
    placeholder: 'PORT',
    description: 'Port (default 7070; 0 picks a free one)',
  },
  host: {
    type: 'string',
    env: 'VERGE_CONTROL_HOST',
    placeholder: 'HOST',
    description: 'Address to listen on (default 127.0.0.1)',
  },
  'data-dir': {
    type: 'string',
    env: 'VERGE_DATA_DIR',
    placeholder: 'DIR',
    description: 'SQLite database, credentials and edge token (default ./.verge)',
  },
  'database-url': DATABASE_URL_FLAG,
  'import-dir': {
    type: 'string',
    env: 'VERGE_IMPORT_DIR',
    placeholder: 'DIR',
    description: 'The only directory ImportSource may name local files in (default: none)',
  },
  ...TLS_FLAGS,
}

const DETAILS = `
Credentials come from VERGE_ACCESS_KEY_ID and VERGE_SECRET_ACCESS_KEY, else from
<data-dir>/credentials.json, else are created there. Edges authenticate with the edge token:
VERGE_EDGE_TOKEN, else <data-dir>/edge-token (created on first start). VERGE_ACCOUNT_ID sets
the account in ARNs (default 000000000000). With --tls-cert and --tls-key every API, the console
and the sync stream are served over HTTPS only; edges then trust it through the system's CAs or
their --ca.

Then run edges: verge edge --control <url> --token <edge token>`

export async function run(args: string[]): Promise<number> {
  const env = process.env
  const flags = parseProcessFlags(args, CONTROL_FLAGS, env)
  if (flags.help) {
    process.stdout.write(processUsage('control', 'Run a control plane.', CONTROL_FLAGS, DETAILS))
    return 0
  }
  const dataDir = flags.string('data-dir') ?? './.verge'
  const database = databaseUrl(flags)
  const credentials = loadCredentials({ dataDir, env })
  const edgeToken = loadEdgeToken({ dataDir, env })
  const tls = tlsKeyPair(flags)
  const controlPlane = await startControlPlane({
    ...(tls === undefined ? {} : { tls }),
    dataDir,
    databaseUrl: database,
    host: flags.string('host') ?? '127.0.0.1',
    port: flags.port('port', 7070),
    credentials: credentials.credentials,
    edgeToken: edgeToken.token,
    importDir: flags.string('import-dir'),
    env,
  })
  const where = shownPath(dataDir)
  process.stdout.write(
    [
      `Verge control plane (account ${controlPlane.accountId}, data in ${where})`,
      '',
      `  State:          ${describeStateStore({ dataDir: where, databaseUrl: database })}`,
      `  Control plane:  ${controlPlane.url}`,
      `  Console:        ${controlPlane.url}/console/`,
      '',
      `Credentials (${describeSource(credentials.source, `${where}/credentials.json`)}):`,
      `  VERGE_ACCESS_KEY_ID=${credentials.credentials.accessKeyId}`,
      `  VERGE_SECRET_ACCESS_KEY=${credentials.credentials.secretAccessKey}`,
      `Edge token (${describeSource(edgeToken.source, `${where}/edge-token`)}):`,
      `  ${edgeToken.token}`,
      '',
      `Run an edge:  verge edge --control ${controlPlane.url} --token ${edgeToken.token}`,
      'Ctrl-C stops.',
      '',
    ].join('\n'),
  )
  return untilSignal(() => controlPlane.close())
}

/** Where a secret came from, for people. */
export function describeSource(source: 'env' | 'file' | 'created', file: string): string {
  if (source === 'env') return 'from the environment'
  if (source === 'created') return `created now, saved in ${file}`
  return `from ${file}`
}
