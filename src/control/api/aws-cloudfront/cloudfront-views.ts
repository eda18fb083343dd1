import type { TestResult } from '../../../runtime/index.js'
import type { DistributionView, FunctionView, KeyValueStoreView } from '../../services/index.js'
import { wrapList } from './cloudfront-xml.js'
import { distributionConfigXml } from './distribution-config-shape.js'
import type { ConfigTree, ConfigValue } from './xml-tree.js'

/**
 * The response shapes of the CloudFront API as XML trees, members in the model's order and
 * with its names (CloudFront API Reference).
 */

const iso = (date: Date) => date.toISOString()

/** `KeyValueStore`: `<Comment></Comment>` even when there is none. */
export function keyValueStoreXml(store: KeyValueStoreView): ConfigTree {
  return {
    Name: store.name,
    Id: store.id,
    Comment: store.comment,
    ARN: store.arn,
    Status: store.status,
    LastModifiedTime: iso(store.lastModifiedTime),
  }
}

/** `FunctionSummary`. */
export function functionSummaryXml(fn: FunctionView): ConfigTree {
  return {
    Name: fn.name,
    Status: fn.status,
    FunctionConfig: {
      Comment: fn.comment,
      Runtime: fn.runtime,
      KeyValueStoreAssociations: wrapList(
        'KeyValueStoreAssociation',
        fn.keyValueStoreArns.map((arn) => ({ KeyValueStoreARN: arn })),
      ),
    },
    FunctionMetadata: {
      FunctionARN: fn.arn,
      Stage: fn.stage,
      CreatedTime: iso(fn.created),
      LastModifiedTime: iso(fn.lastModified),
    },
  }
}

/**
 * `TestResult` (CloudFront API Reference, TestFunction): `ComputeUtilization` a string, logs as `<member>`s,
 * `FunctionOutput` the JSON of `{request}` or `{response}`; the two message members are empty
 * strings when they have nothing to say, as AWS's CLI examples show.
 */
export function testResultXml(summary: FunctionView, result: TestResult): ConfigTree {
  return {
    FunctionSummary: functionSummaryXml(summary),
    ComputeUtilization: String(result.computeUtilization),
    FunctionExecutionLogs: result.logs.length === 0 ? '' : { member: result.logs },
    FunctionErrorMessage: result.errorMessage ?? '',
    FunctionOutput: result.output === undefined ? '' : JSON.stringify(result.output),
  }
}

/** `Distribution`. */
export function distributionXml(d: DistributionView): ConfigTree {
  return {
    Id: d.id,
    ARN: d.arn,
    Status: d.status,
    LastModifiedTime: iso(d.lastModifiedTime),
    InProgressInvalidationBatches: String(d.inProgressInvalidationBatches),
    DomainName: d.domainName,
    ActiveTrustedSigners: { Enabled: 'false', Quantity: '0' },
    ActiveTrustedKeyGroups: { Enabled: 'false', Quantity: '0' },
    DistributionConfig: distributionConfigXml(d.config),
  }
}

const SUMMARY_CONFIG_MEMBERS = [
  'Aliases',
  'Origins',
  'OriginGroups',
  'DefaultCacheBehavior',
  'CacheBehaviors',
  'CustomErrorResponses',
  'Comment',
  'PriceClass',
  'Enabled',
  'ViewerCertificate',
  'Restrictions',
  'WebACLId',
  'HttpVersion',
  'IsIPV6Enabled',
] as const

const SUMMARY_DEFAULTS: Record<string, ConfigValue> = { OriginGroups: { Quantity: '0' } }

/** `DistributionSummary`: the `Distribution` scalars and the config members flattened in. */
export function distributionSummaryXml(d: DistributionView): ConfigTree {
  const summary: ConfigTree = {
    Id: d.id,
    ARN: d.arn,
    Status: d.status,
    LastModifiedTime: iso(d.lastModifiedTime),
    DomainName: d.domainName,
  }
  const config = distributionConfigXml(d.config)
  for (const member of SUMMARY_CONFIG_MEMBERS) {
    const value = config[member] ?? SUMMARY_DEFAULTS[member]
    if (value !== undefined) summary[member] = value
  }
  summary.Staging = 'false'
  return summary
}
