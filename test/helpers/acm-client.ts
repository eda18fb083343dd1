import { ACMClient, type ACMClientConfig } from '@aws-sdk/client-acm'
import type { Credentials } from '../../src/control/auth/credentials.js'

/**
 * The unmodified `@aws-sdk/client-acm` client pointed at a local control plane (the endpoint is
 * used verbatim). Call `client.destroy()` when done.
 */
export function createAcmClient(options: {
  url: string
  credentials: Credentials
  config?: ACMClientConfig
}): ACMClient {
  return new ACMClient({
    region: 'us-east-1',
    endpoint: options.url,
    // A copy: the SDK annotates the credentials object it is given.
    credentials: { ...options.credentials },
    maxAttempts: 1,
    ...options.config,
  })
}
