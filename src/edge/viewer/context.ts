import type { CacheStore } from '../cache/cache.js'
import type { ViewerMetrics } from '../metrics/viewer-metrics.js'
import type { OriginClient } from '../origin/origin-client.js'
import type { FunctionGuard } from '../process/function-guard.js'
import type { EdgeReplica } from '../replication/replica.js'
import type { FunctionOutcomeKind } from './function-outcome.js'

/**
 * What a function printed or why it failed, for the edge's log (see "Function logs" in AWS's
 * CloudFront Functions documentation).
 */
export interface FunctionLogEntry {
  requestId: string
  distributionId: string
  functionArn: string
  eventType: 'viewer-request' | 'viewer-response'
  /** What the run meant for the request. */
  outcome: FunctionOutcomeKind
  logs: string[]
  errorMessage?: string
  computeUtilization: number
}

/** Where the edge reports; the pipeline does not log itself, the entry point decides how. */
export interface EdgeLogger {
  functionLog?(entry: FunctionLogEntry): void
  error?(message: string, error: unknown): void
}

/** What every viewer response carries: this edge's identity. */
export interface EdgeIdentity {
  /** `1.1 <edge-id>.verge (Verge)`. */
  readonly via: string
  /** `x-amz-cf-pop`: the edge location's name. */
  readonly pop: string
  /** The viewer request body cap: a response leaving more unread closes the connection. */
  readonly maxRequestBodyBytes: number
}

/** Everything one request needs, built once per server. */
export interface EdgeContext extends EdgeIdentity {
  readonly replica: EdgeReplica
  readonly defaultDistributionId: string | undefined
  readonly cache: CacheStore | undefined
  readonly origins: OriginClient
  /** Apply `ViewerProtocolPolicy` to plain-HTTP viewers (see EdgeServerOptions). */
  readonly enforceViewerProtocolPolicy: boolean
  /** Where `redirect-to-https` sends viewers; undefined: the port the viewer's Host names, if any. */
  httpsPort: number | undefined
  readonly now: () => number
  readonly logger: EdgeLogger | undefined
  /** In an edge worker: quarantine and crash attribution around every invocation. */
  readonly functionGuard: FunctionGuard | undefined
  /** Where requests, function runs and origin fetches are counted (none: not counted). */
  readonly metrics: ViewerMetrics | undefined
}
