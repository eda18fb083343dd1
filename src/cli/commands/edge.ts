/**
 * `verge edge --control URL --token T`: an edge node that replicates from a control plane and
 * serves viewers: one primary (sync client, disk snapshot, port) and worker processes that run
 * the functions, one per core by default.
 */
import { subscribe } from 'node:diagnostics_channel'
import { isIP } from 'node:net'
import { availableParallelism } from 'node:os'
import {
  describeQuarantine,
  describeQuarantineLifted,
  describeWorkerExit,
  logEdgeIntegrity,
  startEdge,
  syncChannel,
} from '../../edge/index.js'
import { describeCertificateFailure } from '../../shared/index.js'
import { usageError } from '../errors.js'
import { FUNCTION_MEMORY_FLAG, functionMemoryBytes } from './function-memory-flag.js'
import {
  type ProcessFlags,
  parseProcessFlags,
  processUsage,
  shownPath,
  untilSignal,
} from './process-common.js'
import { MAX_REQUEST_BODY_FLAG, maxRequestBodyBytes } from './request-body-flag.js'
import { CA_FLAG, caCertificates, TLS_FLAGS, tlsKeyPair } from './tls-flags.js'

export const EDGE_FLAGS: ProcessFlags = {
  control: {
    type: 'string',
    env: 'VERGE_CONTROL_URL',
    placeholder: 'URL',
    description: 'The control plane (required)',
  },
  token: {
    type: 'string',
    env: 'VERGE_EDGE_TOKEN',
    placeholder: 'TOKEN',
    description: 'The edge token (required)',
  },
  port: {
    type: 'string',
    env: 'VERGE_EDGE_PORT',
    placeholder: 'PORT',
    description: 'Viewer port (default 8080; 0 picks a free one)',
  },
  'https-port': {
    type: 'string',
    env: 'VERGE_EDGE_HTTPS_PORT',
    placeholder: 'PORT',
    description: 'Viewer HTTPS port, HTTP/2 and HTTP/1.1 (default: none; 0 picks a free one)',
  },
  ...TLS_FLAGS,
  host: {
    type: 'string',
    env: 'VERGE_EDGE_HOST',
    placeholder: 'HOST',
    description: 'Address to listen on (default 127.0.0.1)',
  },
  'data-dir': {
    type: 'string',
    env: 'VERGE_EDGE_DATA_DIR',
    placeholder: 'DIR',
    description: "The edge's id and disk snapshot (default ./.verge-edge)",
  },
  name: {
    type: 'string',
    env: 'VERGE_EDGE_NAME',
    placeholder: 'NAME',
    description: 'Shown by the control plane (default the edge id)',
  },
  workers: {
    type: 'string',
    env: 'VERGE_EDGE_WORKERS',
    placeholder: 'N',
    description: 'Worker processes running functions and serving the port (default: one per core)',
  },
  'default-distribution': {
    type: 'string',
    env: 'VERGE_DEFAULT_DISTRIBUTION',
    placeholder: 'ID',
    description: 'Serves requests whose Host matches no distribution',
  },
  'cache-mb': {
    type: 'string',
    env: 'VERGE_EDGE_CACHE_MB',
    placeholder: 'MB',
    description: 'Response cache per worker (default 64)',
  },
  'accept-new-control-plane': {
    type: 'boolean',
    env: 'VERGE_ACCEPT_NEW_CONTROL_PLANE=1',
    description: "Replace this edge's data with the control plane's even if it comes from another database",
  },
  'max-request-body': MAX_REQUEST_BODY_FLAG,
  'metrics-port': {
    type: 'string',
    env: 'VERGE_METRICS_PORT',
    placeholder: 'PORT',
    description: 'Serve Prometheus metrics at /metrics on this port (default: off)',
  },
  'metrics-host': {
    type: 'string',
    env: 'VERGE_METRICS_HOST',
    placeholder: 'HOST',
    description: 'Address of the metrics port (default 127.0.0.1; off loopback a bearer token is needed)',
  },
  'log-buffer': {
    type: 'string',
    env: 'VERGE_FUNCTION_LOG_BUFFER',
    placeholder: 'N',
    description: 'Function log entries kept while the control plane is unreachable (default 10000)',
  },
  'function-memory-mb': FUNCTION_MEMORY_FLAG,
  ...CA_FLAG,
}

const DETAILS = `
The edge keeps its last snapshot in the data directory and serves it at once after a restart,
whether or not the control plane is reachable; it catches up when the control plane returns.
Function logs (console.log lines and errors) go to the control plane: verge function logs NAME.
Off loopback, /metrics wants Authorization: Bearer with the edge token or VERGE_METRICS_TOKEN.
It never replaces its data with a different database's (a control plane whose database was lost
and recreated), nor with a control plane behind its revision: it keeps serving its own and says
why, until restarted with --accept-new-control-plane.

With --https-port the edge also serves HTTPS (HTTP/2 and HTTP/1.1), with the certificate of
--tls-cert and --tls-key, else a self-signed one it creates in the data directory. Plain-HTTP
viewers then get what ViewerProtocolPolicy says: a 301 to HTTPS, or a 403 for https-only.
An https:// control plane must present a certificate the edge trusts: a public CA's, or one
signed by the CA of --ca.`

export async function run(args: string[]): Promise<number> {
  const flags = parseProcessFlags(args, EDGE_FLAGS, process.env)
  if (flags.help) {
    process.stdout.write(processUsage('edge', 'Run an edge node.', EDGE_FLAGS, DETAILS))
    return 0
  }
  const controlUrl = flags.string('control')
  if (controlUrl === undefined) throw usageError('--control URL is required (the control plane to follow).')
  if (!/^https?:\/\//.test(controlUrl))
    throw usageError(`--control must be an http(s) URL, not ${JSON.stringify(controlUrl)}.`)
  const token = flags.string('token')
  if (token === undefined)
    throw usageError('--token (or VERGE_EDGE_TOKEN) is required: see what verge control printed.')
  const dataDir = flags.string('data-dir') ?? './.verge-edge'
  const workers = flags.count('workers', availableParallelism())
  const defaultDistributionId = flags.string('default-distribution')
  const name = flags.string('name')
  const acceptNewControlPlane =
    flags.boolean('accept-new-control-plane') || process.env.VERGE_ACCEPT_NEW_CONTROL_PLANE === '1'
  const maxBody = maxRequestBodyBytes(flags)
  const metricsPort = flags.string('metrics-port') === undefined ? undefined : flags.port('metrics-port', 0)
  const metricsHost = flags.string('metrics-host')
  const metricsToken = process.env.VERGE_METRICS_TOKEN || undefined
  const logBuffer = flags.string('log-buffer') === undefined ? undefined : flags.count('log-buffer', 10_000)
  const functionMemory = functionMemoryBytes(flags)
  const httpsPort = flags.string('https-port') === undefined ? undefined : flags.port('https-port', 0)
  const tls = tlsKeyPair(flags)
  const controlCa = caCertificates(flags)
  if (tls !== undefined && httpsPort === undefined)
    throw usageError('--tls-cert and --tls-key are for the HTTPS port: give --https-port too.')
  if (insecureRemote(controlUrl))
    process.stderr.write(
      `Warning: ${controlUrl} is plain HTTP to another machine: the edge token and every key travel in clear. Serve the control plane with --tls-cert and use https://.\n`,
    )

  // Tell the operator when the control plane comes and goes, once per change of state.
  let connected: boolean | undefined
  const onSync = (message: unknown) => {
    const { event, error } = message as { event: string; error?: unknown }
    if (event === 'connected' && connected !== true) {
      connected = true
      process.stderr.write(`Connected to ${controlUrl}.\n`)
    } else if (event === 'refused') {
      // Every check while refusing (with backoff): the operator must not miss it.
      connected = false
      process.stderr.write(`${(message as { message: string }).message}\n`)
    } else if (event === 'error' && connected !== false) {
      connected = false
      const untrusted = describeCertificateFailure(error, controlUrl, '--ca FILE (VERGE_CA_FILE)')
      process.stderr.write(
        untrusted === undefined
          ? `Control plane unreachable (${(error as Error)?.message ?? String(error)}): serving the last data, retrying.\n`
          : `Refusing to sync: ${untrusted} Serving the last data, retrying.\n`,
      )
    }
  }
  subscribe(syncChannel.name, onSync)
  logEdgeIntegrity('edge')

  const edge = await startEdge({
    controlUrl,
    token,
    dataDir,
    host: flags.string('host') ?? '127.0.0.1',
    port: flags.port('port', 8080),
    ...(httpsPort === undefined ? {} : { httpsPort }),
    ...(tls === undefined ? {} : { tls }),
    ...(controlCa === undefined ? {} : { controlTrust: { ca: controlCa } }),
    workers,
    cacheBytes: flags.count('cache-mb', 64) * 1024 * 1024,
    ...(name === undefined ? {} : { name }),
    acceptNewControlPlane,
    ...(maxBody === undefined ? {} : { maxRequestBodyBytes: maxBody }),
    functionMemoryBytes: functionMemory,
    ...(defaultDistributionId === undefined ? {} : { defaultDistributionId }),
    ...(metricsPort === undefined ? {} : { metricsPort }),
    ...(metricsHost === undefined ? {} : { metricsHost }),
    ...(metricsToken === undefined ? {} : { metricsToken }),
    ...(logBuffer === undefined ? {} : { logBufferEntries: logBuffer }),
    onWorkerExit: (exit) => process.stderr.write(describeWorkerExit(exit)),
    onQuarantine: (event) => process.stderr.write(describeQuarantine(event)),
    onQuarantineLifted: (arn) => process.stderr.write(describeQuarantineLifted(arn)),
  })
  const pids = edge.workerPids
  process.stdout.write(
    [
      `Verge edge ${edge.id}${name === undefined ? '' : ` (${name})`}, data in ${shownPath(dataDir)}`,
      '',
      `  Edge:           ${edge.url}`,
      ...(edge.httpsUrl === undefined
        ? []
        : [
            `  Edge HTTPS:     ${edge.httpsUrl}${tls === undefined ? ' (self-signed certificate in the data directory)' : ''}`,
          ]),
      `  Control plane:  ${controlUrl}`,
      ...(edge.metricsUrl === undefined ? [] : [`  Metrics:        ${edge.metricsUrl}`]),
      `  Workers:        ${pids.length} (pids ${pids.join(', ')}; primary ${process.pid})`,
      `  Revision:       ${edge.revision}${edge.revision === 0 ? ' (waiting for the first snapshot)' : ' (from the disk snapshot)'}`,
      ...(defaultDistributionId === undefined ? [] : [`  Default distribution: ${defaultDistributionId}`]),
      '',
      'Ctrl-C stops.',
      '',
    ].join('\n'),
  )
  return untilSignal(async () => {
    await edge.close()
  })
}

/** `http://` to a host that is not this machine. */
function insecureRemote(controlUrl: string): boolean {
  const url = new URL(controlUrl)
  if (url.protocol !== 'http:') return false
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  if (host === 'localhost' || host.endsWith('.localhost')) return false
  if (isIP(host) === 4) return !host.startsWith('127.')
  return host !== '::1'
}
