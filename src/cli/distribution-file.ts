import { randomBytes } from 'node:crypto'
import type { DistributionConfig } from '@aws-sdk/client-cloudfront'
import type { Clients } from './clients.js'
import { usageError } from './errors.js'
import { readDocument } from './files.js'
import { functionArn } from './resolve.js'

/**
 * Fills in what the SDK's shape makes people spell out: a list given as an array becomes
 * `{Quantity, Items}`, and `{Items}` without `Quantity` gets it (every CloudFront list is
 * wrapped that way).
 */
export function normalizeLists(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => normalizeLists(item))
    return key === 'Items' ? items : { Quantity: items.length, Items: items }
  }
  if (typeof value !== 'object' || value === null) return value
  const entries = Object.entries(value).map(([k, v]) => [k, normalizeLists(v, k)] as const)
  const record = Object.fromEntries(entries) as Record<string, unknown>
  if (Array.isArray(record.Items) && record.Quantity === undefined) record.Quantity = record.Items.length
  return record
}

/** Every FunctionAssociation of a config, default behavior and path behaviors alike. */
function functionAssociations(config: DistributionConfig) {
  const behaviors = [config.DefaultCacheBehavior, ...(config.CacheBehaviors?.Items ?? [])]
  return behaviors.flatMap((behavior) => behavior?.FunctionAssociations?.Items ?? [])
}

/**
 * Reads a DistributionConfig from a JSON or YAML file: the SDK's shape (the AWS CLI's
 * `--distribution-config` JSON), optionally under a `DistributionConfig` key, with lists as
 * plain arrays if you like and a function's name where its ARN goes. `CallerReference`
 * defaults to `fallbackCallerReference` (updates) or a new unique value (creates).
 */
export async function readDistributionConfig(
  path: string,
  clients: Clients,
  fallbackCallerReference?: string,
): Promise<DistributionConfig> {
  const document = await readDocument(path)
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw usageError(`${path} must hold a DistributionConfig object.`)
  const inner = (document as { DistributionConfig?: unknown }).DistributionConfig ?? document
  const config = normalizeLists(inner) as DistributionConfig
  config.CallerReference ??=
    fallbackCallerReference ?? `verge-${Date.now()}-${randomBytes(4).toString('hex')}`
  config.Comment ??= ''
  for (const association of functionAssociations(config)) {
    if (association.FunctionARN !== undefined && !association.FunctionARN.startsWith('arn:'))
      association.FunctionARN = await functionArn(clients, association.FunctionARN)
  }
  return config
}
