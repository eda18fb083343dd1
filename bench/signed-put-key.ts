/**
 * PutKey over a keep-alive undici Pool, signed by the light signer (`bench/light-signer.ts`):
 * the request the KVS SDK client sends (restJson1, Amazon CloudFront KeyValueStore API
 * Reference), without the SDK's per-call cost.
 */
import { Pool } from 'undici'
import { TEST_CREDENTIALS } from '../test/helpers/control-plane.js'
import { createLightSigner, type LightSigner, type SigningAlgorithm } from './light-signer.js'

export interface SignedKvsClient {
  /** Puts `key`, conditional on `ifMatch`; resolves with the store's new ETag. */
  putKey(arn: string, key: string, value: string, ifMatch: string): Promise<string>
  close(): Promise<void>
}

/** A client of one control node, with `connections` keep-alive connections. */
export function createSignedKvsClient(
  url: string,
  options: { connections: number; algorithm?: SigningAlgorithm },
): SignedKvsClient {
  const host = new URL(url).host
  const pool = new Pool(url, { connections: options.connections, pipelining: 1 })
  const sign: LightSigner = createLightSigner({
    credentials: TEST_CREDENTIALS,
    service: 'cloudfront-keyvaluestore',
    algorithm: options.algorithm ?? 'sigv4a',
  })
  return {
    async putKey(arn, key, value, ifMatch) {
      const path = `/key-value-stores/${encodeURIComponent(arn)}/keys/${encodeURIComponent(key)}`
      const body = JSON.stringify({ Value: value })
      const headers = sign({
        method: 'PUT',
        host,
        path,
        body,
        headers: { 'content-type': 'application/json', 'if-match': ifMatch },
      })
      const response = await pool.request({ method: 'PUT', path, headers, body })
      const text = await response.body.text()
      if (response.statusCode !== 200) throw new Error(`PutKey answered ${response.statusCode}: ${text}`)
      return String(response.headers.etag)
    },
    close: () => pool.close(),
  }
}
