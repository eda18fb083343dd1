import { request } from 'node:http'
import { CloudFrontClient, type CloudFrontClientConfig } from '@aws-sdk/client-cloudfront'
import type { Credentials } from '../../src/control/auth/credentials.js'
import { signV4 } from './aws-signing.js'

/**
 * The unmodified `@aws-sdk/client-cloudfront` client pointed at a local control plane (the
 * endpoint is used verbatim). Call `client.destroy()` when done.
 */
export function createCloudFrontClient(options: {
  url: string
  credentials: Credentials
  config?: CloudFrontClientConfig
}): CloudFrontClient {
  return new CloudFrontClient({
    region: 'us-east-1',
    endpoint: options.url,
    // A copy: the SDK annotates the credentials object it is given.
    credentials: { ...options.credentials },
    maxAttempts: 1,
    ...options.config,
  })
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/**
 * Sends a request signed with the SDK's own SigV4 signer (service `cloudfront` unless told),
 * for what the SDK will not send: malformed XML, a wrong Quantity, a body without a root.
 */
export async function sendSigned(
  url: string,
  credentials: Credentials,
  spec: { method: string; path: string; body?: string; headers?: Record<string, string>; service?: string },
): Promise<RawResponse> {
  const { hostname, port } = new URL(url)
  const signed = await signV4(
    {
      method: spec.method,
      hostname,
      port: Number(port),
      path: spec.path,
      ...(spec.headers === undefined ? {} : { headers: spec.headers }),
      ...(spec.body === undefined ? {} : { body: spec.body }),
    },
    { credentials, service: spec.service ?? 'cloudfront', signingDate: new Date() },
  )
  return sendSignedRequest(hostname, Number(port), signed)
}

/** The `<Code>` of an `<ErrorResponse>` body. */
export function errorCode(body: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1]
}

/** Sends an already signed request to `hostname:port` as it is and reads the whole answer. */
export function sendSignedRequest(
  hostname: string,
  port: number,
  signed: { method: string; rawUrl: string; headers: unknown; body: Uint8Array | string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        method: signed.method,
        path: signed.rawUrl,
        headers: signed.headers as Record<string, string>,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(Buffer.from(signed.body))
  })
}
