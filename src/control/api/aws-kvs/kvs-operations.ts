import { decodeUtf8Strict } from '../../../shared/index.js'
import type { KeyService } from '../../services/index.js'
import { ApiError } from '../api-errors.js'
import type { ApiRequest, ApiResponse } from '../api-types.js'
import type { Operation } from '../route-table.js'

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
    throw new ApiError('MalformedRequest', 'The request body is not valid JSON.')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ApiError('MalformedRequest', 'The request body must be a JSON object.')
  }
  return parsed as Record<string, unknown>
}

function stringMember(object: unknown, name: string, where: string): string {
  const value =
    typeof object === 'object' && object !== null ? (object as Record<string, unknown>)[name] : undefined
  if (typeof value !== 'string') throw new ApiError('MalformedRequest', `${where}.${name} must be a string.`)
  return value
}

function listMember(body: Record<string, unknown>, name: string): unknown[] {
  const value = body[name]
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new ApiError('MalformedRequest', `${name} must be a list.`)
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
    throw new ApiError('MalformedRequest', 'MaxResults must be an integer from 1 to 50.')
  return Number(raw)
}

const seconds = (date: Date) => date.getTime() / 1000

function written(result: { itemCount: number; totalSizeInBytes: number; etag: string }): ApiResponse {
  return json({ ItemCount: result.itemCount, TotalSizeInBytes: result.totalSizeInBytes }, result.etag)
}

/** The KeyValueStore data plane's operations (restJson1, Amazon CloudFront KeyValueStore API Reference), by AWS's names. */
export function kvsOperations(keys: KeyService) {
  const describeKeyValueStore: Operation<unknown> = async ({ params }) => {
    const d = await keys.describeKeyValueStore(params.arn!)
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
  const listKeys: Operation<unknown> = async ({ request, params }) => {
    const nextToken = request.query.get('NextToken')
    const max = maxResults(request)
    const page = await keys.listKeys(params.arn!, {
      ...(nextToken === null ? {} : { nextToken }),
      ...(max === undefined ? {} : { maxResults: max }),
    })
    return json({
      Items: page.items.map((e) => ({ Key: e.key, Value: e.value })),
      ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
    })
  }
  const updateKeys: Operation<unknown> = async ({ request, params }) => {
    const body = parseBody(request.body)
    const puts = listMember(body, 'Puts').map((p, i) => ({
      key: stringMember(p, 'Key', `Puts[${i}]`),
      value: stringMember(p, 'Value', `Puts[${i}]`),
    }))
    const deletes = listMember(body, 'Deletes').map((d, i) => stringMember(d, 'Key', `Deletes[${i}]`))
    return written(
      await keys.updateKeys(params.arn!, { puts, deletes, ifMatch: header(request, 'if-match') }),
    )
  }
  const getKey: Operation<unknown> = async ({ params }) => {
    const entry = await keys.getKey(params.arn!, params.key!)
    return json({
      Key: entry.key,
      Value: entry.value,
      ItemCount: entry.itemCount,
      TotalSizeInBytes: entry.totalSizeInBytes,
    })
  }
  const putKey: Operation<unknown> = async ({ request, params }) => {
    const value = stringMember(parseBody(request.body), 'Value', 'body')
    return written(
      await keys.putKey(params.arn!, { key: params.key!, value, ifMatch: header(request, 'if-match') }),
    )
  }
  const deleteKey: Operation<unknown> = async ({ request, params }) =>
    written(await keys.deleteKey(params.arn!, { key: params.key!, ifMatch: header(request, 'if-match') }))
  return { describeKeyValueStore, listKeys, updateKeys, getKey, putKey, deleteKey }
}
