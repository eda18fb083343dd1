import { createServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { DEFAULT_KVS_LIMITS, type KvsLimits } from '../kvs/index.js'
import type { TlsKeyPair } from '../shared/index.js'
import { EDGES_PATH } from '../sync/index.js'
import { createAdminApi } from './api/admin/admin-api.js'
import { createCloudFrontApi } from './api/aws-cloudfront/cloudfront-api.js'
import { readStoredDistributionTree } from './api/aws-cloudfront/distribution-config-shape.js'
import { createKvsApi } from './api/aws-kvs/kvs-api.js'
import { createConsoleApi } from './api/console/console-api.js'
import { consoleRootRedirect } from './api/console/console-static.js'
import { createRouter } from './api/router.js'
import { createSyncApi } from './api/sync/sync-api.js'
import { type Credentials, loadCredentials } from './auth/credentials.js'
import { loadEdgeToken } from './auth/edge-token.js'
import { ChangeFeed } from './feed/change-feed.js'
import { notifyOnCommit } from './feed/commit-notifier.js'
import { EdgeRegistry } from './feed/edge-registry.js'
import { type SnapshotContributor, streamSnapshot } from './feed/snapshot.js'
import { createImportSourceReader } from './import/read-import-source.js'
import { type S3SourceOptions, s3OptionsFromEnv } from './import/s3-source.js'
import { FunctionLogService } from './logs/function-log-service.js'
import type { FunctionLogRetention } from './logs/function-log-store.js'
import { retentionFromEnv } from './logs/retention-from-env.js'
import { SqliteFunctionLogStore } from './logs/sqlite-function-log-store.js'
import { type ControlMetrics, createControlMetrics } from './metrics/control-metrics.js'
import { metricsRoute } from './metrics/metrics-route.js'
import { observedMount } from './metrics/observed-mount.js'
import {
  createDistributionService,
  createFunctionService,
  createKeyService,
  createKeyValueStoreService,
  type DistributionService,
  distributionSnapshot,
  type FunctionService,
  functionSnapshot,
  type KeyService,
  type KeyValueStoreService,
  maxImportFileBytes,
} from './services/index.js'
import { openStateStore } from './state/open-state-store.js'
import type { StateStore } from './state/state-store.js'
import { ChildTestRunner } from './test-runner/test-runner.js'

export interface ControlPlaneOptions {
  /** Where `verge.db` and the credentials live (`./.verge` in `main.ts`). */
  dataDir: string
  /**
   * A `postgres://` URL: the state lives in that PostgreSQL database (which several control
   * nodes may share) instead of `verge.db`; default `VERGE_DATABASE_URL`.
   */
  databaseUrl?: string | undefined
  /** Default 127.0.0.1. */
  host?: string
  /** Default 0 (any free port). */
  port?: number
  /** The 12-digit account in ARNs; default `VERGE_ACCOUNT_ID` or `000000000000`. */
  accountId?: string
  /** Default: `loadCredentials` (environment, then the data directory, else created). */
  credentials?: Credentials
  limits?: Partial<KvsLimits>
  /** Key value stores per account; default 50 (CloudFront's default quota). */
  maxKeyValueStores?: number
  /** For S3 import sources; default from `VERGE_S3_*`. */
  s3?: S3SourceOptions
  /**
   * The only directory ImportSource may name local paths in; default `VERGE_IMPORT_DIR`.
   * Without one, local paths are refused (files are uploaded through the admin API instead).
   */
  importDir?: string | undefined
  env?: NodeJS.ProcessEnv
  /** The token edges present; default `VERGE_EDGE_TOKEN`, else saved in the data directory. */
  edgeToken?: string
  /**
   * How long and how much function logs are kept; default `VERGE_FUNCTION_LOG_RETENTION` and
   * `VERGE_FUNCTION_LOG_MAX_MB`, else a day and 256 MiB.
   */
  functionLogRetention?: Partial<FunctionLogRetention>
  /** A bearer token besides the edge token for `/metrics` off loopback; default `VERGE_METRICS_TOKEN`. */
  metricsToken?: string
  /** Serve every API, the console and the sync stream over HTTPS with this certificate. */
  tls?: TlsKeyPair
  /** How often the change feed reads the log without a wake-up; default 1000 ms (tests set it). */
  feedPollIntervalMs?: number
}

export interface ControlPlane {
  /** `http://host:port`, or `https://` with `tls` */
  url: string
  port: number
  accountId: string
  credentials: Credentials
  state: StateStore
  keyValueStores: KeyValueStoreService
  keys: KeyService
  functions: FunctionService
  distributions: DistributionService
  /** The change log as a live feed for edges. */
  feed: ChangeFeed
  /** Every edge seen, with its applied revision. */
  edges: EdgeRegistry
  edgeToken: string
  /** What edges' functions logged. */
  functionLogs: FunctionLogService
  /** Served at `/metrics`. */
  metrics: ControlMetrics
  /** Stops accepting requests, waits for imports, closes the state store. */
  close(): Promise<void>
}

/** The paths of the sync API edges use (src/sync/protocol.ts), as received. */
function isSyncPath(rawPath: string): boolean {
  return rawPath.startsWith('/_verge/sync/') || rawPath === EDGES_PATH
}

/** Starts the control plane: state, services and the HTTP APIs on one port. */
export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const env = options.env ?? process.env
  const accountId = options.accountId ?? env.VERGE_ACCOUNT_ID ?? '000000000000'
  if (!/^\d{12}$/.test(accountId))
    throw new Error(`The account id must be 12 digits, not ${JSON.stringify(accountId)}.`)
  const credentials = options.credentials ?? loadCredentials({ dataDir: options.dataDir, env }).credentials
  const limits: KvsLimits = { ...DEFAULT_KVS_LIMITS, ...options.limits }
  const edgeToken = options.edgeToken ?? loadEdgeToken({ dataDir: options.dataDir, env }).token
  const retention = options.functionLogRetention ?? retentionFromEnv(env)
  const durable = await openStateStore({
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl ?? (env.VERGE_DATABASE_URL || undefined),
  })
  const feed = await ChangeFeed.open(
    durable,
    options.feedPollIntervalMs === undefined ? {} : { pollIntervalMs: options.feedPollIntervalMs },
  )
  // Wake the change streams as soon as a write commits, here or on another control node.
  const state = notifyOnCommit(durable, () => feed.wake())
  const stopWatching = durable.watchCommits(() => feed.wake())
  const edges = new EdgeRegistry()
  const snapshotContributors: SnapshotContributor[] = [
    functionSnapshot(accountId),
    distributionSnapshot(accountId),
  ]
  const importDir = options.importDir ?? (env.VERGE_IMPORT_DIR || undefined)
  const importer = createImportSourceReader({
    s3: options.s3 ?? s3OptionsFromEnv(env) ?? {},
    ...(importDir === undefined ? {} : { importDir }),
  })
  // TestFunction runs the function in a child process: no function runs in this one.
  const testRunner = new ChildTestRunner()
  const functions = createFunctionService({ state, accountId, limits, testRunner })
  // Deployed once every connected edge has applied the distribution's last change; with no
  // edge connected there is nothing to wait for.
  const distributions = createDistributionService({
    state,
    accountId,
    deploymentStatus: (revision) => {
      const applied = edges.minConnectedRevision()
      return applied === undefined || applied >= revision ? 'Deployed' : 'InProgress'
    },
  })
  const keyValueStores = createKeyValueStoreService({
    state,
    accountId,
    limits,
    readImportSource: importer.read,
    checkImportSource: importer.check,
  })
  const keys = createKeyService({ state, accountId, limits })
  await keyValueStores.failInterruptedImports()
  // Rows a Verge before typed configs wrote hold the XML-shaped tree: read them once, here.
  await distributions.upgradeStoredConfigs(readStoredDistributionTree)

  const metrics = createControlMetrics({
    latestRevision: () => feed.latest,
    edges: () => edges.list(feed.latest),
  })
  const functionLogs = new FunctionLogService({
    store: new SqliteFunctionLogStore(options.dataDir),
    retention,
    onIngested: (edge, stored, dropped) => metrics.logsIngested(edge, stored, dropped),
  })
  const syncApi = createSyncApi({
    feed,
    registry: edges,
    edgeToken,
    snapshot: (out) => streamSnapshot(state, snapshotContributors, out),
    ingestLogs: (edge, batch) => functionLogs.ingest(edge, batch),
  })
  const adminApi = createAdminApi({
    keyValueStores,
    credentials,
    listEdges: () => ({ latestRevision: feed.latest, edges: edges.list(feed.latest) }),
    maxBodyBytes: maxImportFileBytes(limits),
    functionLogs,
  })
  const cloudFrontApi = createCloudFrontApi({ keyValueStores, functions, distributions, credentials })
  const consoleApi = createConsoleApi({
    credentials,
    accountId,
    keyValueStores,
    keys,
    state,
    functions,
    distributions,
    edges,
    latestRevision: () => feed.latest,
  })
  // The sync routes answer on the raw socket (the change stream), and so does `GET /` (to the
  // console); every other path goes to the API mounted on its first segment. The router catches
  // whatever any of them throws.
  const listener = createRouter(
    [createKvsApi({ keys, credentials }), adminApi, cloudFrontApi, consoleApi].map((api) =>
      observedMount(api, metrics),
    ),
    {
      raw: [
        { matches: ({ rawPath }) => isSyncPath(rawPath), handle: syncApi },
        metricsRoute(metrics, [edgeToken, options.metricsToken ?? (env.VERGE_METRICS_TOKEN || undefined)]),
        consoleRootRedirect,
      ],
    },
  )
  const server = options.tls === undefined ? createServer(listener) : createHttpsServer(options.tls, listener)
  // Keep-alive sockets would hold close() open; requests are short.
  server.keepAliveTimeout = 5_000
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    // A PostgreSQL pool's connections would keep the process alive.
    stopWatching()
    feed.close()
    await testRunner.close()
    await state.close()
    throw error
  }
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  let closing: Promise<void> | undefined

  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://${host}:${address.port}`,
    port: address.port,
    accountId,
    credentials,
    state,
    keyValueStores,
    keys,
    functions,
    distributions,
    feed,
    edges,
    edgeToken,
    functionLogs,
    metrics,
    close() {
      closing ??= (async () => {
        stopWatching()
        feed.close()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeIdleConnections()
          // Change streams never go idle: end them.
          server.closeAllConnections()
        })
        await keyValueStores.importsSettled()
        await testRunner.close()
        functionLogs.close()
        importer.destroy()
        await state.close()
      })()
      return closing
    },
  }
}
