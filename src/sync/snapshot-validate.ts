/**
 * A full check of a snapshot's shape (`Snapshot` in `protocol.ts`): every member, every store
 * entry, every function record, every distribution. The edge reads snapshots from its disk (a
 * file a crash, a disk or a person may have damaged) and from the network; a snapshot of the
 * wrong shape must be refused as a whole before anything applies it, rather than fail half
 * applied, at startup or on the first request. Independent of the file format, so that any
 * later replica store can reuse it. Members it does not know are ignored (a newer Verge may add
 * some); a missing or mistyped one is an error naming its path.
 */
import { VergeError } from '../shared/index.js'
import type { EdgeDistribution } from './distribution.js'
import type { Snapshot } from './protocol.js'
import type { SnapshotPart } from './snapshot-stream.js'

export class SnapshotShapeError extends VergeError<'InvalidSnapshot'> {
  /** Where the first problem is, e.g. `keyValueStores[2].entries[17][1]`. */
  readonly path: string

  constructor(path: string, problem: string) {
    super('InvalidSnapshot', `${path === '' ? 'The snapshot' : path} ${problem}.`)
    this.name = 'SnapshotShapeError'
    this.path = path
  }
}

type Check = (value: unknown, path: string) => void

const fail = (path: string, problem: string): never => {
  throw new SnapshotShapeError(path, problem)
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be an object')
  return value as Record<string, unknown>
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'must be an array')
  return value as unknown[]
}

const string: Check = (value, path) => {
  if (typeof value !== 'string') fail(path, 'must be a string')
}

const nonEmpty: Check = (value, path) => {
  if (typeof value !== 'string' || value === '') fail(path, 'must be a non-empty string')
}

const boolean: Check = (value, path) => {
  if (typeof value !== 'boolean') fail(path, 'must be true or false')
}

const number: Check = (value, path) => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(path, 'must be a number ≥ 0')
}

const wholeNumber: Check = (value, path) => {
  if (!Number.isSafeInteger(value) || (value as number) < 0) fail(path, 'must be a whole number ≥ 0')
}

const timestamp: Check = (value, path) => {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) fail(path, 'must be an ISO 8601 time')
}

const oneOf =
  (...allowed: string[]): Check =>
  (value, path) => {
    if (typeof value !== 'string' || !allowed.includes(value))
      fail(path, `must be one of ${allowed.join(', ')}`)
  }

const listOf =
  (check: Check): Check =>
  (value, path) => {
    const items = array(value, path)
    for (let i = 0; i < items.length; i++) check(items[i], `${path}[${i}]`)
  }

/** Checks each listed member (`?` at the end of a name: optional). */
function members(value: unknown, path: string, checks: Record<string, Check>): Record<string, unknown> {
  const record = object(value, path)
  for (const [spec, check] of Object.entries(checks)) {
    const optional = spec.endsWith('?')
    const name = optional ? spec.slice(0, -1) : spec
    const member = record[name]
    const at = path === '' ? name : `${path}.${name}`
    if (member === undefined) {
      if (!optional) fail(at, 'is missing')
      continue
    }
    check(member, at)
  }
  return record
}

const shape =
  (checks: Record<string, Check>): Check =>
  (value, path) => {
    members(value, path, checks)
  }

function unique(ids: unknown[], path: string, what: string): void {
  const seen = new Set<unknown>()
  ids.forEach((id, i) => {
    if (seen.has(id)) fail(`${path}[${i}]`, `repeats the ${what} ${JSON.stringify(id)}`)
    seen.add(id)
  })
}

const entry: Check = (value, path) => {
  const pair = array(value, path)
  if (pair.length !== 2) fail(path, 'must be a [key, value] pair')
  nonEmpty(pair[0], `${path}[0]`)
  string(pair[1], `${path}[1]`)
}

const keyValueStore: Check = (value, path) => {
  const store = members(value, path, {
    id: nonEmpty,
    name: nonEmpty,
    created: timestamp,
    lastModified: timestamp,
    entries: listOf(entry),
  })
  unique(
    (store.entries as [string, string][]).map(([key]) => key),
    `${path}.entries`,
    'key',
  )
}

const snapshotFunction = shape({
  arn: nonEmpty,
  name: nonEmpty,
  runtime: oneOf('cloudfront-js-1.0', 'cloudfront-js-2.0'),
  code: string,
  'keyValueStoreId?': nonEmpty,
})

const behaviorMembers: Record<string, Check> = {
  TargetOriginId: nonEmpty,
  ViewerProtocolPolicy: oneOf('allow-all', 'https-only', 'redirect-to-https'),
  FunctionAssociations: listOf(
    shape({ FunctionARN: nonEmpty, EventType: oneOf('viewer-request', 'viewer-response') }),
  ),
  'MinTTL?': number,
  'DefaultTTL?': number,
  'MaxTTL?': number,
  'ForwardedValues?': shape({
    QueryString: boolean,
    'Cookies?': shape({ Forward: oneOf('none', 'whitelist', 'all'), 'WhitelistedNames?': listOf(string) }),
    'Headers?': listOf(string),
    'QueryStringCacheKeys?': listOf(string),
  }),
  'CachePolicyId?': string,
  'AllowedMethods?': listOf(string),
  'CachedMethods?': listOf(string),
  'Compress?': boolean,
}

const origin = shape({
  Id: nonEmpty,
  DomainName: nonEmpty,
  OriginPath: string,
  CustomHeaders: listOf(shape({ HeaderName: nonEmpty, HeaderValue: string })),
  'ConnectionAttempts?': number,
  'ConnectionTimeout?': number,
  'CustomOriginConfig?': shape({
    HTTPPort: number,
    HTTPSPort: number,
    OriginProtocolPolicy: oneOf('http-only', 'match-viewer', 'https-only'),
    'OriginReadTimeout?': number,
    'OriginKeepaliveTimeout?': number,
    'OriginSslProtocols?': listOf(string),
  }),
  'S3OriginConfig?': shape({ OriginAccessIdentity: string }),
})

const distribution: Check = (value, path) => {
  members(value, path, {
    Id: nonEmpty,
    DomainName: nonEmpty,
    ARN: nonEmpty,
    Config: shape({
      CallerReference: string,
      Aliases: listOf(nonEmpty),
      Origins: listOf(origin),
      DefaultCacheBehavior: shape(behaviorMembers),
      CacheBehaviors: listOf(shape({ ...behaviorMembers, PathPattern: nonEmpty })),
      Comment: string,
      Enabled: boolean,
      'DefaultRootObject?': string,
    }),
  })
}

/** One distribution as edges hold it (`EdgeDistribution`); throws `SnapshotShapeError`. */
export function validateEdgeDistribution(value: unknown, path = 'distribution'): EdgeDistribution {
  distribution(value, path)
  return value as EdgeDistribution
}

/**
 * `value` as a `Snapshot` if it has the shape in every detail (a revision, stores with unique
 * ids and keys, functions with unique ARNs, distributions with unique Ids); otherwise a
 * `SnapshotShapeError` naming the first problem.
 */
export function validateSnapshot(value: unknown): Snapshot {
  const snapshot = members(value, '', {
    'databaseId?': nonEmpty,
    revision: wholeNumber,
    keyValueStores: listOf(keyValueStore),
    functions: listOf(snapshotFunction),
    distributions: listOf(distribution),
  })
  unique(
    (snapshot.keyValueStores as { id: string }[]).map((s) => s.id),
    'keyValueStores',
    'store id',
  )
  unique(
    (snapshot.functions as { arn: string }[]).map((f) => f.arn),
    'functions',
    'function ARN',
  )
  unique(
    (snapshot.distributions as { Id: string }[]).map((d) => d.Id),
    'distributions',
    'distribution Id',
  )
  return value as Snapshot
}

const storeHeader = shape({ id: nonEmpty, name: nonEmpty, created: timestamp, lastModified: timestamp })

const PART_CHECKS: Record<string, Record<string, Check>> = {
  begin: { databaseId: nonEmpty, revision: wholeNumber },
  store: { store: storeHeader },
  entries: { storeId: nonEmpty, entries: listOf(entry) },
  function: { function: snapshotFunction },
  distribution: { distribution },
  end: { stores: wholeNumber, entries: wholeNumber, functions: wholeNumber, distributions: wholeNumber },
}

/**
 * `value` as one part of a snapshot stream (`SnapshotPart` in `snapshot-stream.ts`) if it has
 * that part's shape in every detail; otherwise a `SnapshotShapeError` whose path starts with
 * `path` (e.g. `part 12.entries[3][0]`). Order and uniqueness are the receiver's to check.
 */
export function validateSnapshotPart(value: unknown, path: string): SnapshotPart {
  const type = object(value, path).type
  const checks = typeof type === 'string' ? PART_CHECKS[type] : undefined
  if (checks === undefined) fail(`${path}.type`, `must be one of ${Object.keys(PART_CHECKS).join(', ')}`)
  members(value, path, checks as Record<string, Check>)
  return value as SnapshotPart
}
