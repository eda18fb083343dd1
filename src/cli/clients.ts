import '@aws-sdk/signature-v4a'
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { CloudFrontClient } from '@aws-sdk/client-cloudfront'
import { CloudFrontKeyValueStoreClient } from '@aws-sdk/client-cloudfront-keyvaluestore'
import { trustedCertificates } from '../shared/index.js'
import type { Connection } from './config.js'

// A local control plane answers at once; one retry covers a dropped keep-alive socket.
const MAX_ATTEMPTS = 2

/**
 * The name the KVS client uses for an IP endpoint: `<account>.127.0.0.1` is no valid URL host,
 * so `http://127.0.0.1:7070` becomes `http://<account>.ip.verge.invalid:7070` on the wire
 * (`.invalid` never resolves elsewhere), and the lookup sends it to the IP.
 */
export const IP_ENDPOINT_HOST = 'ip.verge.invalid'

/**
 * A DNS lookup that sends `<anything>.<name>` to `target`. The KVS client always prefixes the
 * 12-digit account from the store's ARN to the endpoint's host (the SDK's endpoint rules):
 * `http://localhost:7070` becomes `http://000000000000.localhost:7070`, which does not resolve
 * everywhere. Connecting to the configured host while the signed Host header keeps the prefix
 * leaves the request exactly as the SDK made it.
 */
export function prefixedHostLookup(name: string, target: string = name): LookupFunction {
  return (hostname, options, callback) => {
    const resolved = hostname === name || hostname.endsWith(`.${name}`) ? target : hostname
    dnsLookup(resolved, options, (error, address, family) => {
      if ((options as { all?: boolean }).all === true) {
        ;(callback as unknown as (e: typeof error, a: LookupAddress[] | string) => void)(error, address)
      } else {
        callback(error, address as string, family)
      }
    })
  }
}

/** The SDK clients and agents one CLI invocation uses; `destroy()` closes their sockets. */
export interface Clients {
  cloudFront: CloudFrontClient
  keyValueStore: CloudFrontKeyValueStoreClient
  destroy(): void
}

function sdkCredentials(connection: Connection) {
  // A fresh object each time: the SDK annotates the credentials object it is given.
  return { accessKeyId: connection.accessKeyId, secretAccessKey: connection.secretAccessKey }
}

/**
 * The unmodified `@aws-sdk/client-cloudfront` (stores, functions, distributions) and
 * `@aws-sdk/client-cloudfront-keyvaluestore` (keys) clients, pointed at `connection.endpoint`.
 */
export function createClients(connection: Connection): Clients {
  // Pinned SDK versions: their notice about future Node requirements is noise for CLI users.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const url = new URL(connection.endpoint)
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  const kvsUrl = new URL(url)
  if (isIP(host) !== 0) kvsUrl.hostname = IP_ENDPOINT_HOST
  const lookup = prefixedHostLookup(kvsUrl.hostname, host)
  const agentOptions = { keepAlive: true, lookup }
  const httpAgent = new HttpAgent(agentOptions)
  // TLS names the prefixed host too: a certificate for `*.<host>` covers it.
  const httpsAgent = new HttpsAgent({
    ...agentOptions,
    ...(connection.ca === undefined ? {} : { ca: trustedCertificates(connection.ca) }),
  })
  // The CloudFront client connects to the endpoint's own host: only the CA matters to it.
  const cloudFrontHttps = new HttpsAgent({
    keepAlive: true,
    ...(connection.ca === undefined ? {} : { ca: trustedCertificates(connection.ca) }),
  })
  const cloudFront = new CloudFrontClient({
    region: 'us-east-1',
    endpoint: connection.endpoint,
    credentials: sdkCredentials(connection),
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: { httpsAgent: cloudFrontHttps },
  })
  const keyValueStore = new CloudFrontKeyValueStoreClient({
    region: 'us-east-1',
    endpoint: kvsUrl.toString().replace(/\/$/, ''),
    credentials: sdkCredentials(connection),
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: { httpAgent, httpsAgent },
  })
  return {
    cloudFront,
    keyValueStore,
    destroy() {
      cloudFront.destroy()
      keyValueStore.destroy()
      httpAgent.destroy()
      httpsAgent.destroy()
      cloudFrontHttps.destroy()
    },
  }
}
