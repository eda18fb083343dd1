import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { SignatureV4 } from '@smithy/signature-v4'
import type { Checksum, SourceData } from '@smithy/types'
import { trustedCertificates, VergeError } from '../shared/index.js'
import type { Connection } from './config.js'
import type { Progress } from './progress.js'

/** An error the admin API returned: `code` is its `__type` (an AWS-style name). */
export class AdminApiError extends VergeError<string> {
  readonly status: number
  constructor(code: string, message: string, status: number) {
    super(code, message)
    this.name = code
    this.status = status
  }
}

const toBytes = (data: SourceData): Uint8Array =>
  typeof data === 'string'
    ? Buffer.from(data)
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data)

/** SHA-256 (or HMAC-SHA256 with a secret) from node:crypto, shaped as the signer wants it. */
class Sha256 implements Checksum {
  readonly #secret: SourceData | undefined
  #hash: Hash | Hmac
  constructor(secret?: SourceData) {
    this.#secret = secret
    this.#hash = this.#fresh()
  }
  #fresh(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(this.#secret))
  }
  update(chunk: Uint8Array): void {
    this.#hash.update(chunk)
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest())
  }
  reset(): void {
    this.#hash = this.#fresh()
  }
}

export interface AdminRequest {
  method: 'GET' | 'POST'
  /** Below `/_verge/admin/`, already percent-encoded, e.g. `key-value-stores/my-store/export`. */
  path: string
  query?: Record<string, string>
  headers?: Record<string, string>
  body?: Uint8Array
  /** Bytes sent (uploads) or received (downloads). */
  progress?: Progress
}

export interface AdminResponse {
  status: number
  headers: IncomingMessage['headers']
  body: Buffer
}

const CHUNK_BYTES = 64 * 1024

/**
 * A client for the control plane's admin JSON API (`/_verge/admin/...`), signed with SigV4 as
 * service `verge`. Non-2xx answers throw `AdminApiError` with the API's code and message.
 */
export class AdminClient {
  readonly #url: URL
  readonly #signer: SignatureV4
  readonly #tls: { ca?: string[] }

  constructor(connection: Connection) {
    this.#url = new URL(connection.endpoint)
    this.#tls = connection.ca === undefined ? {} : { ca: trustedCertificates(connection.ca) }
    this.#signer = new SignatureV4({
      credentials: { accessKeyId: connection.accessKeyId, secretAccessKey: connection.secretAccessKey },
      region: 'us-east-1',
      service: 'verge',
      sha256: Sha256,
    })
  }

  async send(req: AdminRequest): Promise<AdminResponse> {
    const body = req.body ?? new Uint8Array()
    const response = await this.#transfer(await this.#sign(req), body, req.progress)
    if (response.status >= 300) throw toAdminError(response)
    return response
  }

  /**
   * A GET whose answer streams (server-sent events): the response as it arrives, once its status
   * says it succeeded; `signal` ends it.
   */
  async stream(req: AdminRequest, signal?: AbortSignal): Promise<IncomingMessage> {
    const options = await this.#sign(req)
    const send = this.#url.protocol === 'https:' ? httpsRequest : httpRequest
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = send(
        {
          ...options,
          ...this.#tls,
          ...(options.port === undefined ? {} : { port: options.port }),
          ...(signal ? { signal } : {}),
        },
        resolve,
      )
      request.on('error', reject)
      request.end()
    })
    if ((res.statusCode ?? 0) < 300) return res
    const chunks: Buffer[] = []
    for await (const chunk of res) chunks.push(chunk as Buffer)
    throw toAdminError({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
  }

  async #sign(req: AdminRequest) {
    const url = this.#url
    const basePath = url.pathname.replace(/\/$/, '')
    const body = req.body ?? new Uint8Array()
    const port = url.port === '' ? undefined : Number(url.port)
    const signed = await this.#signer.sign({
      method: req.method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(port === undefined ? {} : { port }),
      path: `${basePath}/_verge/admin/${req.path}`,
      query: req.query ?? {},
      headers: {
        host: url.host,
        'content-length': String(body.byteLength),
        ...(body.byteLength > 0 ? { 'content-type': 'application/json' } : {}),
        ...req.headers,
      },
      body,
    })
    const search = new URLSearchParams(req.query ?? {}).toString()
    return {
      method: req.method,
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port,
      path: search === '' ? signed.path : `${signed.path}?${search}`,
      headers: signed.headers,
    }
  }

  async json<T>(req: AdminRequest): Promise<T> {
    const response = await this.send(req)
    return JSON.parse(response.body.toString('utf8')) as T
  }

  #transfer(
    options: {
      method: string
      hostname: string
      port: number | undefined
      path: string
      headers: Record<string, string>
    },
    body: Uint8Array,
    progress: Progress | undefined,
  ): Promise<AdminResponse> {
    const send = this.#url.protocol === 'https:' ? httpsRequest : httpRequest
    // Downloads report progress only for GETs; uploads report theirs while writing.
    const download = options.method === 'GET' ? progress : undefined
    return new Promise((resolve, reject) => {
      const request = send(
        { ...options, ...this.#tls, ...(options.port === undefined ? {} : { port: options.port }) },
        (res) => {
          const chunks: Buffer[] = []
          let received = 0
          const total = Number(res.headers['content-length'] ?? Number.NaN)
          res.on('data', (chunk: Buffer) => {
            chunks.push(chunk)
            received += chunk.length
            download?.update(received, Number.isNaN(total) ? undefined : total)
          })
          res.on('error', reject)
          res.on('end', () => {
            progress?.finish()
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
          })
        },
      )
      request.on('error', (error) => {
        progress?.finish()
        reject(error)
      })
      // Write in chunks so the bar moves with the upload, waiting for the socket to drain.
      let offset = 0
      const pump = () => {
        while (offset < body.byteLength) {
          const end = Math.min(offset + CHUNK_BYTES, body.byteLength)
          const ok = request.write(body.subarray(offset, end))
          offset = end
          progress?.update(offset, body.byteLength)
          if (!ok) {
            request.once('drain', pump)
            return
          }
        }
        request.end()
      }
      pump()
    })
  }
}

function toAdminError(response: AdminResponse): AdminApiError {
  const text = response.body.toString('utf8')
  try {
    const parsed = JSON.parse(text) as { __type?: unknown; Message?: unknown; message?: unknown }
    const code = typeof parsed.__type === 'string' ? parsed.__type : `Http${response.status}`
    const message = parsed.Message ?? parsed.message
    return new AdminApiError(code, typeof message === 'string' ? message : text, response.status)
  } catch {
    return new AdminApiError(`Http${response.status}`, text || `HTTP ${response.status}`, response.status)
  }
}
