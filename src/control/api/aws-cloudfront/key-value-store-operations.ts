import type { KeyValueStoreService } from '../../services/index.js'
import type { Operation } from '../route-table.js'
import { ifMatch, locationOf, noContent, queryParam, xmlResponse } from './cloudfront-responses.js'
import { readTags } from './cloudfront-tags.js'
import { keyValueStoreXml } from './cloudfront-views.js'
import { parseXmlBody } from './cloudfront-xml.js'
import { listOperation } from './list-operation.js'
import { subtree, text } from './xml-tree.js'

const ROOT = 'CreateKeyValueStoreRequest'

/** The key value store operations (CloudFront API Reference), by CloudFront's names; `:name` is the store's. */
export function keyValueStoreOperations(stores: KeyValueStoreService) {
  const createKeyValueStore: Operation<unknown> = async ({ request }) => {
    const tree = parseXmlBody(request.body, ROOT)
    const source = subtree(tree, 'ImportSource', ROOT)
    // Tags are checked but not kept.
    readTags(tree, ROOT)
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
  const listKeyValueStores = listOperation({
    root: 'KeyValueStoreList',
    member: 'KeyValueStore',
    list: (page, request) => {
      const status = queryParam(request, 'Status')
      return stores.listKeyValueStores({ ...page, ...(status === undefined ? {} : { status }) })
    },
    itemXml: keyValueStoreXml,
  })

  const describeKeyValueStore: Operation<unknown> = async ({ params }) => {
    const described = await stores.describeKeyValueStore(params.name!)
    return xmlResponse(200, 'KeyValueStore', keyValueStoreXml(described), { etag: described.etag })
  }
  const updateKeyValueStore: Operation<unknown> = async ({ request, params }) => {
    const tree = parseXmlBody(request.body, 'UpdateKeyValueStoreRequest')
    const updated = await stores.updateKeyValueStore(params.name!, {
      comment: text(tree, 'Comment', 'UpdateKeyValueStoreRequest', true),
      ifMatch: ifMatch(request),
    })
    return xmlResponse(200, 'KeyValueStore', keyValueStoreXml(updated), { etag: updated.etag })
  }
  const deleteKeyValueStore: Operation<unknown> = async ({ request, params }) => {
    await stores.deleteKeyValueStore(params.name!, { ifMatch: ifMatch(request) })
    return noContent()
  }
  return {
    createKeyValueStore,
    listKeyValueStores,
    describeKeyValueStore,
    updateKeyValueStore,
    deleteKeyValueStore,
  }
}
