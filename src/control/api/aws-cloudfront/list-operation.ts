import type { ApiRequest } from '../api-types.js'
import type { Operation } from '../route-table.js'
import { CloudFrontApiError } from './cloudfront-errors.js'
import { queryParam, xmlResponse } from './cloudfront-responses.js'
import { wrapList } from './cloudfront-xml.js'
import type { ConfigTree } from './xml-tree.js'

/** What a list operation asks its service for: `MaxItems` (default 100) and `Marker`. */
export interface PageRequest {
  maxItems: number
  marker?: string
}

export interface ListOperationSpec<T> {
  /** The response document: `FunctionList`, `KeyValueStoreList`, `DistributionList`. */
  root: string
  /** The element of one item: `FunctionSummary`, `KeyValueStore`, `DistributionSummary`. */
  member: string
  /** One page from the service; `request` carries the operation's own filters (`Stage`, `Status`). */
  list(page: PageRequest, request: ApiRequest): Promise<{ items: T[]; nextMarker?: string | undefined }>
  itemXml(item: T): ConfigTree
  /** `DistributionList` also echoes `Marker` (empty on the first page) and says `IsTruncated`. */
  echoMarker?: boolean
}

/** `MaxItems` from the query, as an integer; anything else is InvalidArgument (the service checks 1-100). */
function maxItemsParam(request: ApiRequest): number | undefined {
  const raw = request.query.get('MaxItems')
  if (raw === null || raw === '') return undefined
  if (!/^\d{1,9}$/.test(raw))
    throw new CloudFrontApiError('InvalidArgument', 'MaxItems must be an integer from 1 to 100.')
  return Number(raw)
}

/**
 * A CloudFront List operation (CloudFront API Reference, ListFunctions and the like): reads
 * `Marker` and `MaxItems`, asks `spec.list` for the page, and answers the `…List` document:
 * `NextMarker` only when a next page exists, `MaxItems`, `Quantity` and `Items`.
 */
export function listOperation<T>(spec: ListOperationSpec<T>): Operation<unknown> {
  return async ({ request }) => {
    const maxItems = maxItemsParam(request) ?? 100
    const marker = queryParam(request, 'Marker')
    const page = await spec.list({ maxItems, ...(marker === undefined ? {} : { marker }) }, request)
    const more = page.nextMarker !== undefined
    return xmlResponse(200, spec.root, {
      ...(spec.echoMarker === true ? { Marker: marker ?? '' } : {}),
      ...(more ? { NextMarker: page.nextMarker as string } : {}),
      MaxItems: String(maxItems),
      ...(spec.echoMarker === true ? { IsTruncated: String(more) } : {}),
      ...wrapList(spec.member, page.items.map(spec.itemXml)),
    })
  }
}
