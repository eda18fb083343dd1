/**
 * `verge start` (what `npm start` runs): a control plane, the console and one edge, state under
 * `./.verge`, with the demo installed on first start. This process holds the control plane,
 * the console and the edge's primary (sync client, disk snapshot, port); the edge's functions
 * run only in its worker processes, and TestFunction in the control plane's test runner
 * process, so no function can take this process down.
 */
import { join, resolve } from 'node:path'
import { loadCredentials } from '../../control/auth/credentials.js'
import { loadEdgeToken } from '../../control/auth/edge-token.js'
import { type ControlPlane, startControlPlane } from '../../control/control-plane.js'
import { describeStateStore } from '../../control/state/open-state-store.js'
import {
  describeQuarantine,
  describeQuarantineLifted,
  describeWorkerExit,
  EDGE_DEFAULT_CERT_FILE,
  logEdgeIntegrity,
  type RunningEdge,
  startEdge,
} from '../../edge/index.js'
import { DEFAULT_DATA_DIR } from '../config.js'
import { type DemoOrigin, startDemoOrigin } from '../demo/demo-origin.js'
import { DEMO_FUNCTIONS, DEMO_STORE_NAME, seedDemo } from '../demo/seed-demo.js'
import { describeSource } from './control.js'
import { DATABASE_URL_FLAG, databaseUrl } from './database-url-flag.js'
import { FUNCTION_MEMORY_FLAG, functionMemoryBytes } from './function-memory-flag.js'
import {
  type ProcessFlags,
  parseProcessFlags,
  processUsage,
  shellWord,
  shownPath,
  untilSignal,
} from './process-common.js'
import { MAX_REQUEST_BODY_FLAG, maxRequestBodyBytes } from './request-body-flag.js'
import { TLS_FLAGS, tlsKeyPair } from './tls-flags.js'

export const START_FLAGS: ProcessFlags = {
  'control-port': {
    type: 'string',
    env: 'VERGE_CONTROL_PORT',
    placeholder: 'PORT',
    description: 'Control plane: AWS APIs and console (default 7070; 0 picks a free one)',
  },
  'edge-port': {
    type: 'string',
    env: 'VERGE_EDGE_PORT',
    placeholder: 'PORT',
    description: 'Edge (default 8080; 0 picks a free one)',
  },
  'edge-https-port': {
    type: 'string',
    env: 'VERGE_EDGE_HTTPS_PORT',
    placeholder: 'PORT',
    description: 'Edge over HTTPS, HTTP/2 and HTTP/1.1 (default 8443; 0 picks a free one)',
  },
  'data-dir': {
    type: 'string',
    env: 'VERGE_DATA_DIR',
    placeholder: 'DIR',
    description: 'Where state lives (default ./.verge)',
  },
  'database-url': DATABASE_URL_FLAG,
  host: {
    type: 'string',
    env: 'VERGE_HOST',
    placeholder: 'HOST',
    description: 'Address both listen on (default 127.0.0.1)',
  },
  'origin-port': {
    type: 'string',
    env: 'VERGE_ORIGIN_PORT',
    placeholder: 'PORT',
    description: 'The bundled demo origin (default: a free port)',
  },
  'edge-workers': {
    type: 'string',
    env: 'VERGE_EDGE_WORKERS',
    placeholder: 'N',
    description: "Worker processes running the edge's functions (default 1)",
  },
  'import-dir': {
    type: 'string',
    env: 'VERGE_IMPORT_DIR',
    placeholder: 'DIR',
    description: 'The only directory ImportSource may name local files in (default: none)',
  },
  'max-request-body': MAX_REQUEST_BODY_FLAG,
  'metrics-port': {
    type: 'string',
    env: 'VERGE_METRICS_PORT',
    placeholder: 'PORT',
    description: "The edge's Prometheus /metrics (default 9464, skipped if taken; 0 picks a free one)",
  },
  'function-memory-mb': FUNCTION_MEMORY_FLAG,
  ...TLS_FLAGS,
}

const DETAILS = `
Credentials come from VERGE_ACCESS_KEY_ID and VERGE_SECRET_ACCESS_KEY, else from
<data-dir>/credentials.json, else are created there and printed. VERGE_ACCOUNT_ID sets the
account (default 000000000000). On first start it installs the demo: the store "demo"
(hello, blog), the functions key-echo and blog-router, and a distribution the edge serves
for any Host.

The edge serves HTTPS too, with the certificate of --tls-cert and --tls-key, else a
self-signed one kept in <data-dir>/edge/tls/. With --tls-cert the control plane and the console
serve HTTPS (only) with that certificate as well, and the edge trusts it.`

/** Everything `verge start` runs, in the order it stops them. */
interface Running {
  edge?: RunningEdge
  origin?: DemoOrigin
  controlPlane?: ControlPlane
}

async function stopAll(running: Running): Promise<void> {
  await running.edge?.close()
  await running.origin?.close()
  await running.controlPlane?.close()
}

/** A port already taken, said in terms of the flags that change it. */
function explainAddressInUse(error: unknown): unknown {
  const e = error as NodeJS.ErrnoException & { port?: number }
  if (e?.code !== 'EADDRINUSE') return error
  const explained = new Error(
    `Port ${e.port ?? '?'} is already in use (another verge start?). Choose others with --control-port, --edge-port and --edge-https-port (VERGE_CONTROL_PORT, VERGE_EDGE_PORT, VERGE_EDGE_HTTPS_PORT).`,
    { cause: error },
  )
  explained.name = 'AddressInUse'
  return explained
}

async function caughtUp(edge: RunningEdge, cp: ControlPlane, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (edge.revision < cp.feed.latest && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20))
}

export async function run(args: string[]): Promise<number> {
  const env = process.env
  const flags = parseProcessFlags(args, START_FLAGS, env)
  if (flags.help) {
    process.stdout.write(
      processUsage(
        'start',
        'Run a control plane, the console and one edge (its functions in worker processes).',
        START_FLAGS,
        DETAILS,
      ),
    )
    return 0
  }
  const dataDir = flags.string('data-dir') ?? './.verge'
  const database = databaseUrl(flags)
  const host = flags.string('host') ?? '127.0.0.1'
  const controlPort = flags.port('control-port', 7070)
  const edgePort = flags.port('edge-port', 8080)
  const edgeHttpsPort = flags.port('edge-https-port', 8443)
  const tls = tlsKeyPair(flags)
  const originPort = flags.port('origin-port', 0)
  const workers = flags.count('edge-workers', 1)
  const metricsGiven = flags.string('metrics-port') !== undefined
  const metricsPort = flags.port('metrics-port', 9464)
  const maxBody = maxRequestBodyBytes(flags)
  const functionMemory = functionMemoryBytes(flags)
  const credentials = loadCredentials({ dataDir, env })
  const edgeToken = loadEdgeToken({ dataDir, env })

  const running: Running = {}
  let seeded: Awaited<ReturnType<typeof seedDemo>>
  try {
    running.controlPlane = await startControlPlane({
      dataDir,
      databaseUrl: database,
      host,
      port: controlPort,
      credentials: credentials.credentials,
      edgeToken: edgeToken.token,
      importDir: flags.string('import-dir'),
      env,
      ...(tls === undefined ? {} : { tls }),
    })
    // The demo origin listens where edges reach it; the seed points the distribution there.
    running.origin = await startDemoOrigin({ host: '127.0.0.1', port: originPort })
    seeded = await seedDemo(running.controlPlane, {
      originHost: '127.0.0.1',
      originPort: running.origin.port,
    })
    logEdgeIntegrity('edge')
    running.edge = await startEdge({
      controlUrl: running.controlPlane.url,
      token: edgeToken.token,
      dataDir: join(dataDir, 'edge'),
      host,
      port: edgePort,
      httpsPort: edgeHttpsPort,
      // The control plane's certificate is the edge's default too, and the one it trusts.
      ...(tls === undefined ? {} : { tls, controlTrust: { pinned: tls.cert } }),
      name: 'local',
      // One data directory for both: the control plane refuses a damaged database itself, so a
      // new one here is a deliberate fresh start (verge.db removed), which the edge follows.
      acceptNewControlPlane: true,
      workers,
      metricsPort,
      metricsHost: host,
      metricsPortOptional: !metricsGiven,
      ...(env.VERGE_METRICS_TOKEN ? { metricsToken: env.VERGE_METRICS_TOKEN } : {}),
      ...(maxBody === undefined ? {} : { maxRequestBodyBytes: maxBody }),
      functionMemoryBytes: functionMemory,
      onWorkerExit: (exit) => process.stderr.write(describeWorkerExit(exit)),
      onQuarantine: (event) => process.stderr.write(describeQuarantine(event)),
      onQuarantineLifted: (arn) => process.stderr.write(describeQuarantineLifted(arn)),
      ...(seeded.distributionId === undefined ? {} : { defaultDistributionId: seeded.distributionId }),
    })
    // Print the URLs once the edge serves what the control plane holds (on a restart its disk
    // snapshot may predate the demo origin's new port).
    await caughtUp(running.edge, running.controlPlane, 5_000)
  } catch (error) {
    await stopAll(running).catch(() => {})
    throw explainAddressInUse(error)
  }

  const cp = running.controlPlane
  const edge = running.edge
  const where = shownPath(dataDir)
  const credentialsFile = `${where}/credentials.json`
  // The CLI reads ./.verge by itself; another data directory has to be named (or exported).
  const cliFlags = `--endpoint ${cp.url}${
    credentials.source === 'env' || resolve(dataDir) === resolve(DEFAULT_DATA_DIR)
      ? ''
      : ` --data-dir ${shellWord(where)}`
  }`
  const demo = seeded.created
    ? 'installed now'
    : seeded.originUpdated
      ? 'already there; its origin now points at this start'
      : 'already there'
  process.stdout.write(
    [
      `Verge is running (account ${cp.accountId}, data in ${where})`,
      '',
      `  Edge:           ${edge.url}`,
      `  Edge HTTPS:     ${edge.httpsUrl ?? ''}${tls === undefined ? `   (self-signed: ${shownPath(join(dataDir, 'edge', EDGE_DEFAULT_CERT_FILE))})` : ''}`,
      `  Control plane:  ${cp.url}   (AWS SDK endpoint; the KVS data plane too)`,
      `  Console:        ${cp.url}/console/   (sign in with the access key below${
        credentials.source === 'env' ? ', from the environment' : `, kept in ${credentialsFile}`
      })`,
      `  Demo origin:    ${running.origin.url}`,
      `  State:          ${describeStateStore({ dataDir: where, databaseUrl: database })}`,
      `  Metrics:        ${cp.url}/metrics (control plane), ${
        edge.metricsUrl ?? `edge off (port ${metricsPort} is taken: --metrics-port)`
      }`,
      '',
      `Credentials (${describeSource(credentials.source, credentialsFile)}):`,
      `  VERGE_ACCESS_KEY_ID=${credentials.credentials.accessKeyId}`,
      `  VERGE_SECRET_ACCESS_KEY=${credentials.credentials.secretAccessKey}`,
      `Edge token (${describeSource(edgeToken.source, `${where}/edge-token`)}):`,
      `  ${edgeToken.token}`,
      '',
      `Demo (${demo}): store "${DEMO_STORE_NAME}" with hello and blog, functions ${DEMO_FUNCTIONS.map((f) => f.name).join(' and ')},`,
      seeded.distributionId === undefined
        ? '  the demo distribution was deleted: the edge serves no default distribution.'
        : `  distribution ${seeded.distributionId}, served on the edge for any Host.`,
      '',
      'Try:',
      `  curl ${edge.url}/hello`,
      `  curl ${edge.url}/blog/index.html`,
      `  verge key put ${DEMO_STORE_NAME} blog blog-v2 ${cliFlags}   # then the blog again`,
      '',
      `More edges:  verge edge --control ${cp.url} --token ${edgeToken.token} --port 8081 --data-dir ./.verge-edge-2${
        seeded.distributionId === undefined ? '' : ` --default-distribution ${seeded.distributionId}`
      }`,
      'Ctrl-C stops.',
      '',
    ].join('\n'),
  )
  return untilSignal(() => stopAll(running))
}
