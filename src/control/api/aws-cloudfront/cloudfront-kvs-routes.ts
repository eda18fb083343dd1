import { subtree, text, treeList } from '../../services/config-tree.js'
import type { KeyValueStoreService } from '../../services/key-value-stores.js'
import type { KeyValueStoreStatus } from '../../state/state-store.js'
import type { ApiRequest, ApiResponse } from '../api-types.js'
import {
  ifMatch,
  locationOf,
  maxItemsParam,
  noContent,
  queryParam,
  xmlResponse,
} from './cloudfront-responses.js'
import { keyValueStoreXml, pagedListXml } from './cloudfront-views.js'
import { parseXmlBody } from './cloudfront-xml.js'

const ROOT = 'CreateKeyValueStoreRequest'

/**
 * `/2020-05-31/key-value-store…` (spec/api.md 3), on the key value store service. `rest` is
 * the path after `key-value-store`; returns `undefined` when no operation matches.
 */
export async function routeKeyValueStore(
  stores: KeyValueStoreService,
  request: ApiRequest,
  rest: string[],
): Promise<ApiResponse | undefined> {
  const [name, ...extra] = rest
  const method = request.method
  if (extra.length > 0) return undefined
  if (name === undefined || name === '') {
    if (method === 'POST') {
      const tree = parseXmlBody(request.body, ROOT)
      const source = subtree(tree, 'ImportSource', ROOT)
      // Tags are accepted (and their Quantity checked) but not kept.
      treeList(tree, 'Tags', ROOT, 'Tag')
      const comment = text(tree, 'Comment', ROOT)
      const created = await stores.createKeyValueStore({
        name: text(tree, 'Name', ROOT, true),
        ...(comment === undefined ? {} : { comment }),
        ...(source === undefined
          ? {}
          : {
              importSource: {
                sourceType: text(source, 'SourceType', `${ROOT}.ImportSource`, true),
                sourceArn: text(source, 'SourceARN', `${ROOT}.ImportSource`, true),
              },
            }),
      })
      return xmlResponse(201, 'KeyValueStore', keyValueStoreXml(created), {
        etag: created.etag,
        location: locationOf(request, 'key-value-store', created.arn),
      })
    }
    if (method === 'GET') {
      const maxItems = maxItemsParam(request) ?? 100
      const marker = queryParam(request, 'Marker')
      const status = queryParam(request, 'Status') as KeyValueStoreStatus | undefined
      const page = await stores.listKeyValueStores({
        maxItems,
        ...(marker === undefined ? {} : { marker }),
        ...(status === undefined ? {} : { status }),
      })
      return xmlResponse(
        200,
        'KeyValueStoreList',
        pagedListXml('KeyValueStore', page.items.map(keyValueStoreXml), {
          maxItems,
          nextMarker: page.nextMarker,
        }),
      )
    }
    return undefined
  }
  if (method === 'GET') {
    const described = await stores.describeKeyValueStore(name)
    return xmlResponse(200, 'KeyValueStore', keyValueStoreXml(described), { etag: described.etag })
  }
  if (method === 'PUT') {
    const tree = parseXmlBody(request.body, 'UpdateKeyValueStoreRequest')
    const updated = await stores.updateKeyValueStore(name, {
      comment: text(tree, 'Comment', 'UpdateKeyValueStoreRequest', true),
      ifMatch: ifMatch(request),
    })
    return xmlResponse(200, 'KeyValueStore', keyValueStoreXml(updated), { etag: updated.etag })
  }
  if (method === 'DELETE') {
    await stores.deleteKeyValueStore(name, { ifMatch: ifMatch(request) })
    return noContent()
  }
  return undefined
}
