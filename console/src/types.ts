/** The shapes the console API returns (see src/control/api/console/console-*.ts on the server). */

export interface Session {
  accessKeyId: string
  accountId: string
  csrfToken: string
  expires: string
}

export interface Store {
  name: string
  id: string
  comment: string
  arn: string
  status: 'READY' | 'PROVISIONING' | 'IMPORT_FAILURE' | string
  failureReason?: string
  created: string
  lastModifiedTime: string
  etag: string
  dataEtag: string
  itemCount: number
  totalSizeInBytes: number
}

export interface KeyEntry {
  key: string
  value: string
}

export interface KeysPage {
  store: Store
  items: KeyEntry[]
  nextToken?: string
  /** Keys that match the search over every page (every key without one). */
  matching: number
}

export interface Revision {
  revision: number
  kind: string
  committed: string
  changedKeys?: string[]
  itemCount?: number
  toRevision?: number
}

export type Stage = 'DEVELOPMENT' | 'LIVE'

export interface FunctionView {
  name: string
  arn: string
  status: string
  stage: Stage
  comment: string
  runtime: string
  keyValueStoreArns: string[]
  created: string
  lastModified: string
  etag: string
}

export interface FunctionStageWithCode extends FunctionView {
  code: string
}

/** A distribution behavior that runs a function; `*` is the default behavior. */
export interface FunctionAssociation {
  distributionId: string
  pathPattern: string
  eventType: string
}

export interface FunctionDetail {
  name: string
  development: FunctionStageWithCode
  live?: FunctionStageWithCode
  associations: FunctionAssociation[]
}

export interface FunctionListItem {
  name: string
  development: FunctionView
  live?: FunctionView
  associations: FunctionAssociation[]
}

export interface TestOutcome {
  summary: FunctionView
  result: {
    output: unknown
    errorMessage?: string
    errorKind?: string
    logs: string[]
    computeUtilization: number
  }
}

export interface OriginForm {
  id: string
  domainName: string
  originPath: string
  s3: boolean
  protocolPolicy: string
  httpPort: number
  httpsPort: number
}

export interface BehaviorForm {
  pathPattern?: string
  targetOriginId: string
  viewerProtocolPolicy: string
  cachePolicy: 'CachingOptimized' | 'CachingDisabled' | 'Legacy'
  viewerRequestFunctionArn: string
  viewerResponseFunctionArn: string
}

export interface DistributionForm {
  comment: string
  enabled: boolean
  aliases: string[]
  defaultRootObject: string
  origins: OriginForm[]
  defaultBehavior: BehaviorForm
  behaviors: BehaviorForm[]
  /** An imported certificate's ARN for the aliases; '' for the edge's default certificate. */
  certificateArn: string
}

/** An imported certificate (ACM), as the Certificates page and the picker show it. */
export interface CertificateSummary {
  arn: string
  domainName: string
  names: string[]
  status: string
  keyAlgorithm: string
  issuer: string
  notAfter: string
  importedAt: string
  inUseBy: string[]
}

export interface DistributionDetail {
  id: string
  arn: string
  domainName: string
  status: string
  lastModifiedTime: string
  etag: string
  form: DistributionForm
}

export interface DistributionSummary {
  id: string
  domainName: string
  status: string
  enabled: boolean
  comment: string
  aliases: string[]
  origins: string[]
  behaviorCount: number
  functionArns: string[]
  lastModifiedTime: string
}

export interface EdgeStatus {
  id: string
  name: string
  connected: boolean
  appliedRevision: number
  revisionsBehind: number
  lastSeen: string
  lastPropagationMs?: number
}

export interface EdgesOverview {
  latestRevision: number
  edges: EdgeStatus[]
  propagation: {
    knownEdges: number
    connectedEdges: number
    edgesAtLatest: number
    connectedAtLatest: number
    disconnectedBehind: number
    allInSync: boolean
    lastChangeToAllEdgesMs?: number
    fastestMs?: number
  }
}

/** What one revision changed in a store's content. */
export interface RevisionDiff {
  revision: number
  added: KeyEntry[]
  removed: KeyEntry[]
  changed: { key: string; oldValue: string; newValue: string }[]
}

/** The edge `verge start` runs beside the control plane (none: `{}`). */
export interface LocalEdge {
  url?: string
  defaultDistributionId?: string
}

/** How far one revision has reached the connected edges (GET propagation). */
export interface PropagationStatus {
  revision: number
  connectedEdges: number
  appliedEdges: number
  behind: { id: string; name: string; appliedRevision: number }[]
  complete: boolean
}
