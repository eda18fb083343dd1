import type { DistributionConfig } from '../../src/control/services/index.js'

/**
 * A distribution whose every request runs `functionArn` as its viewer-request function (an S3
 * origin it never reaches when the function answers): what the edge replica tests serve.
 */
export function functionDistribution(callerReference: string, functionArn: string): DistributionConfig {
  return {
    CallerReference: callerReference,
    Comment: '',
    Enabled: true,
    Origins: [{ Id: 'o', DomainName: 'o.internal', S3OriginConfig: { OriginAccessIdentity: '' } }],
    DefaultCacheBehavior: {
      TargetOriginId: 'o',
      ViewerProtocolPolicy: 'allow-all',
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      FunctionAssociations: [{ FunctionARN: functionArn, EventType: 'viewer-request' }],
    },
  }
}
