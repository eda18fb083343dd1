/**
 * A console distribution form (`DistributionForm`, console-distribution-form.ts) with one HTTPS
 * origin `o` and its default behavior, for tests of the console API.
 */
export function consoleDistributionForm(options: {
  comment: string
  aliases: string[]
  viewerProtocolPolicy?: string
  certificateArn?: string
}) {
  return {
    comment: options.comment,
    enabled: true,
    aliases: options.aliases,
    defaultRootObject: '',
    origins: [
      {
        id: 'o',
        domainName: 'origin.example.com',
        originPath: '',
        s3: false,
        protocolPolicy: 'https-only',
        httpPort: 80,
        httpsPort: 443,
      },
    ],
    defaultBehavior: {
      targetOriginId: 'o',
      viewerProtocolPolicy: options.viewerProtocolPolicy ?? 'allow-all',
      cachePolicy: 'CachingOptimized',
      viewerRequestFunctionArn: '',
      viewerResponseFunctionArn: '',
    },
    behaviors: [] as unknown[],
    certificateArn: options.certificateArn ?? '',
  }
}
