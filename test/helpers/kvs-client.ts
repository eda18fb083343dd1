import '@aws-sdk/signature-v4a'
import type { LookupAddress } from 'node:dns'
import { Agent } from 'node:http'
import type { LookupFunction } from 'node:net'
import {
  CloudFrontKeyValueStoreClient,
  type CloudFrontKeyValueStoreClientConfig,
} from '@aws-sdk/client-cloudfront-keyvaluestore'

/**
 * A DNS lookup that answers 127.0.0.1 for every name. The KVS client always prefixes the
 * account to the endpoint's host (`http://000000000000.localhost:7070`), and
 * `*.localhost` does not resolve everywhere; connecting to loopback while sending (and signing)
 * the account-prefixed Host keeps the request exactly as the SDK made it.
 */
export const loopbackLookup: LookupFunction = (_hostname, options, callback) => {
  if ((options as { all?: boolean }).all === true) {
    const all: LookupAddress[] = [{ address: '127.0.0.1', family: 4 }]
    ;(callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, all)
  } else {
    callback(null, '127.0.0.1', 4)
  }
}

export interface KvsClientOptions {
  /** The control plane's URL; its host is replaced by `localhost` (any name works). */
  url: string
  credentials: { accessKeyId: string; secretAccessKey: string }
  /** Anything else for the client, e.g. `systemClockOffset`. */
  config?: CloudFrontKeyValueStoreClientConfig
}

/**
 * The unmodified `@aws-sdk/client-cloudfront-keyvaluestore` client, pointed at a local control
 * plane: endpoint `http://localhost:<port>` and an HTTP agent whose lookup goes to 127.0.0.1.
 * Call `client.destroy()` when done.
 */
export function createKvsClient(options: KvsClientOptions): CloudFrontKeyValueStoreClient {
  const port = new URL(options.url).port
  return new CloudFrontKeyValueStoreClient({
    region: 'us-east-1',
    endpoint: `http://localhost:${port}`,
    // A copy: the SDK annotates the credentials object it is given.
    credentials: { ...options.credentials },
    maxAttempts: 1,
    requestHandler: { httpAgent: new Agent({ keepAlive: true, lookup: loopbackLookup }) },
    ...options.config,
  })
}
