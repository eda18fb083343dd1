import { channel } from 'node:diagnostics_channel'
import { decodeUtf8Strict } from '../../../shared/utf8.js'
import type { Credentials } from '../../auth/credentials.js'
import type { KeyService } from '../../services/keys.js'
import type { ApiMount, ApiRequest, ApiResponse } from '../api-types.js'
import { RequestError, signedHandler } from '../signed-api.js'
import { kvsErrorResponse } from './kvs-errors.js'

/** UpdateKeys may carry 3 MB (spec/runtime.md 4); leave room for JSON. */
export const KVS_MAX_BODY_BYTES = 4 * 1024 * 1024

/** The signing name of the KeyValueStore data plane: the SDK client signs with it. */
export const KVS_SIGNING_SERVICE = 'cloudfront-keyvaluestore'

/** Published with `{ error }` when a KVS request fails for a reason the API did not expect. */
export const kvsInternalErrorChannel = channel('verge:control:kvs:internal-error')

export interface KvsApiOptions {
  keys: KeyService
  credentials: Credentials
  clock?: () => Date
}

function json(body: unknown, etag?: string): ApiResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/json', ...(etag === undefined ? {} : { etag }) },
    body: JSON.stringify(body),
  }
}

function parseBody(body: Uint8Array): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(body.byteLength === 0 ? '{}' : decodeUtf8Strict(body))
  } catch {
    throw new RequestError('MalformedRequest', 'The request body is not valid JSON.')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new RequestError('MalformedRequest', 'The request body must be a JSON object.')
  }
  return parsed as Record<string, unknown>
}

function stringMember(object: unknown, name: string, where: string): string {
  const value =
    typeof object === 'object' && object !== null ? (object as Record<string, unknown>)[name] : undefined
  if (typeof value !== 'string')
    throw new RequestError('MalformedRequest', `${where}.${name} must be a string.`)
  return value
}

function listMember(body: Record<string, unknown>, name: string): unknown[] {
  const value = body[name]
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new RequestError('MalformedRequest', `${name} must be a list.`)
  return value
}

function header(request: ApiRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function maxResults(request: ApiRequest): number | undefined {
  const raw = request.query.get('MaxResults')
  if (raw === null) return undefined
  if (!/^-?\d+$/.test(raw))
    throw new RequestError('MalformedRequest', 'MaxResults must be an integer from 1 to 50.')
  return Number(raw)
}

const seconds = (date: Date) => date.getTime() / 1000

/**
 * The KeyValueStore data plane (restJson1, spec/api.md 1): every request is authenticated
 * (SigV4A or SigV4) before anything else, then routed on the raw path.
 */
export function createKvsApi(options: KvsApiOptions): ApiMount {
  const { keys } = options
  const clock = options.clock ?? (() => new Date())

  async function dispatch(request: ApiRequest): Promise<ApiResponse> {
    const [, arn, keysSegment, key, ...rest] = request.segments
    const method = request.method
    if (arn === undefined || rest.length > 0 || (keysSegment !== undefined && keysSegment !== 'keys')) {
      throw new RequestError('UnknownOperation', `No operation for ${method} ${request.rawUrl}.`)
    }
    if (keysSegment === undefined && method === 'GET') {
      const d = await keys.describeKeyValueStore(arn)
      return json(
        {
          ItemCount: d.itemCount,
          TotalSizeInBytes: d.totalSizeInBytes,
          KvsARN: d.kvsArn,
          Created: seconds(d.created),
          LastModified: seconds(d.lastModified),
          Status: d.status,
          ...(d.failureReason === undefined ? {} : { FailureReason: d.failureReason }),
        },
        d.etag,
      )
    }
    const ifMatch = header(request, 'if-match')
    if (keysSegment !== undefined && key === undefined) {
      if (method === 'GET') {
        const nextToken = request.query.get('NextToken')
        const max = maxResults(request)
        const page = await keys.listKeys(arn, {
          ...(nextToken === null ? {} : { nextToken }),
          ...(max === undefined ? {} : { maxResults: max }),
        })
        return json({
          Items: page.items.map((e) => ({ Key: e.key, Value: e.value })),
          ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
        })
      }
      if (method === 'POST') {
        const body = parseBody(request.body)
        const puts = listMember(body, 'Puts').map((p, i) => ({
          key: stringMember(p, 'Key', `Puts[${i}]`),
          value: stringMember(p, 'Value', `Puts[${i}]`),
        }))
        const deletes = listMember(body, 'Deletes').map((d, i) => stringMember(d, 'Key', `Deletes[${i}]`))
        return written(await keys.updateKeys(arn, { puts, deletes, ifMatch }))
      }
    }
    if (key !== undefined) {
      if (method === 'GET') {
        const entry = await keys.getKey(arn, key)
        return json({
          Key: entry.key,
          Value: entry.value,
          ItemCount: entry.itemCount,
          TotalSizeInBytes: entry.totalSizeInBytes,
        })
      }
      if (method === 'PUT') {
        const value = stringMember(parseBody(request.body), 'Value', 'body')
        return written(await keys.putKey(arn, { key, value, ifMatch }))
      }
      if (method === 'DELETE') return written(await keys.deleteKey(arn, { key, ifMatch }))
    }
    throw new RequestError('UnknownOperation', `No operation for ${method} ${request.rawUrl}.`)
  }

  function written(result: { itemCount: number; totalSizeInBytes: number; etag: string }): ApiResponse {
    return json({ ItemCount: result.itemCount, TotalSizeInBytes: result.totalSizeInBytes }, result.etag)
  }

  const handle = signedHandler({
    credentials: options.credentials,
    signingService: KVS_SIGNING_SERVICE,
    clock,
    dispatch,
    errorResponse: kvsErrorResponse,
    internalErrors: kvsInternalErrorChannel,
  })

  return {
    prefix: 'key-value-stores',
    maxBodyBytes: KVS_MAX_BODY_BYTES,
    handle,
    malformed: (message) => kvsErrorResponse('MalformedRequest', message),
    internalError: () => kvsErrorResponse('Internal', 'An internal error occurred.'),
  }
}
