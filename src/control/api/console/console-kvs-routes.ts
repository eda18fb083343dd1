import { ControlError } from '../../errors.js'
import type { KeyService, KeyValueStoreService } from '../../services/index.js'
import type { KeyEntry, StateReader } from '../../state/state-store.js'
import { ConsoleError } from './console-errors.js'
import { jsonResponse, noContent, optionalInteger, optionalString, requiredString } from './console-json.js'
import type { ConsoleRoute } from './console-routes.js'

export interface ConsoleKvsRoutesOptions {
  keyValueStores: KeyValueStoreService
  keys: KeyService
  /** Read directly to search keys and values, which the data plane cannot do. */
  state: StateReader
}

/** Keys a page of the console shows by default, and at most. */
export const DEFAULT_KEYS_PAGE = 25
export const MAX_KEYS_PAGE = 100
// Rows read per query while searching.
const SCAN_BATCH = 500

function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url')
}

function decodeCursor(token: string | null): string | undefined {
  if (token === null || token === '') return undefined
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new ConsoleError('BadRequest', 'nextToken is not valid.')
  return Buffer.from(token, 'base64url').toString('utf8')
}

/**
 * One page of a store's keys in key order, optionally only those whose key or value contains
 * `search` (case-insensitive). Stores are at most a few MB, so a search scans.
 */
export async function searchKeys(
  state: StateReader,
  storeId: string,
  options: { search?: string; after?: string; pageSize: number },
): Promise<{ items: KeyEntry[]; nextToken?: string }> {
  const needle = options.search?.toLowerCase() ?? ''
  const items: KeyEntry[] = []
  let after = options.after
  for (;;) {
    const batchSize = needle === '' ? options.pageSize + 1 : SCAN_BATCH
    const rows = await state.listKeys(storeId, {
      ...(after === undefined ? {} : { after }),
      limit: batchSize,
    })
    for (const row of rows) {
      if (
        needle !== '' &&
        !row.key.toLowerCase().includes(needle) &&
        !row.value.toLowerCase().includes(needle)
      )
        continue
      if (items.length === options.pageSize) {
        // One more match exists: the page is full and another follows.
        const last = items[items.length - 1]!
        return { items, nextToken: encodeCursor(last.key) }
      }
      items.push(row)
    }
    if (rows.length < batchSize) return { items }
    after = rows[rows.length - 1]!.key
  }
}

/** Stores, their keys, imports, revisions and rollback, as JSON for the console. */
export function consoleKvsRoutes(options: ConsoleKvsRoutesOptions): ConsoleRoute[] {
  const { keyValueStores, keys, state } = options

  /** The If-Match the page sent, else the store's current data ETag (last writer wins). */
  async function dataEtag(name: string, ifMatch: string | undefined) {
    const store = await keyValueStores.describeKeyValueStore(name)
    return { store, ifMatch: ifMatch ?? store.dataEtag }
  }

  return [
    {
      method: 'GET',
      path: 'key-value-stores',
      async handle() {
        const items = []
        let marker: string | undefined
        do {
          const page = await keyValueStores.listKeyValueStores({
            maxItems: 100,
            ...(marker === undefined ? {} : { marker }),
          })
          items.push(...page.items)
          marker = page.nextMarker
        } while (marker !== undefined && items.length < 10_000)
        return jsonResponse({ items })
      },
    },
    {
      method: 'POST',
      path: 'key-value-stores',
      async handle(context) {
        const body = context.json()
        const source = optionalString(body, 'importSource')
        const store = await keyValueStores.createKeyValueStore({
          name: requiredString(body, 'name'),
          comment: optionalString(body, 'comment') ?? '',
          ...(source === undefined || source === '' ? {} : { importSource: { sourceArn: source } }),
        })
        return jsonResponse(store, 201)
      },
    },
    {
      method: 'GET',
      path: 'key-value-stores/:name',
      handle: async ({ params }) => jsonResponse(await keyValueStores.describeKeyValueStore(params.name!)),
    },
    {
      method: 'PATCH',
      path: 'key-value-stores/:name',
      async handle({ params, json, ifMatch }) {
        const name = params.name!
        const current = ifMatch ?? (await keyValueStores.describeKeyValueStore(name)).etag
        const comment = requiredString(json(), 'comment')
        return jsonResponse(await keyValueStores.updateKeyValueStore(name, { comment, ifMatch: current }))
      },
    },
    {
      method: 'DELETE',
      path: 'key-value-stores/:name',
      async handle({ params, ifMatch }) {
        const name = params.name!
        const current = ifMatch ?? (await keyValueStores.describeKeyValueStore(name)).etag
        await keyValueStores.deleteKeyValueStore(name, { ifMatch: current })
        return noContent()
      },
    },
    {
      method: 'GET',
      path: 'key-value-stores/:name/keys',
      async handle({ params, request }) {
        const store = await keyValueStores.describeKeyValueStore(params.name!)
        const pageSize = optionalInteger(request.query.get('pageSize'), 'pageSize') ?? DEFAULT_KEYS_PAGE
        if (pageSize < 1 || pageSize > MAX_KEYS_PAGE)
          throw new ConsoleError('BadRequest', `pageSize must be from 1 to ${MAX_KEYS_PAGE}.`)
        const search = request.query.get('search') ?? ''
        const after = decodeCursor(request.query.get('nextToken'))
        const page = await searchKeys(state, store.id, {
          pageSize,
          ...(search === '' ? {} : { search }),
          ...(after === undefined ? {} : { after }),
        })
        return jsonResponse({ store, ...page })
      },
    },
    {
      method: 'POST',
      path: 'key-value-stores/:name/keys',
      async handle({ params, json, ifMatch }) {
        const body = json()
        const key = requiredString(body, 'key')
        const value = requiredString(body, 'value')
        const { store, ifMatch: etag } = await dataEtag(params.name!, ifMatch)
        // Adding never overwrites: an existing key is edited, not added again.
        if ((await state.getKey(store.id, key)) !== undefined) {
          throw new ControlError(
            'EntityAlreadyExists',
            `The key ${JSON.stringify(key)} already exists: edit it instead.`,
          )
        }
        return jsonResponse(await keys.putKey(store.arn, { key, value, ifMatch: etag }), 201)
      },
    },
    {
      method: 'PUT',
      path: 'key-value-stores/:name/keys/:key',
      async handle({ params, json, ifMatch }) {
        const value = requiredString(json(), 'value')
        const { store, ifMatch: etag } = await dataEtag(params.name!, ifMatch)
        return jsonResponse(await keys.putKey(store.arn, { key: params.key!, value, ifMatch: etag }))
      },
    },
    {
      method: 'DELETE',
      path: 'key-value-stores/:name/keys/:key',
      async handle({ params, ifMatch }) {
        const { store, ifMatch: etag } = await dataEtag(params.name!, ifMatch)
        return jsonResponse(await keys.deleteKey(store.arn, { key: params.key!, ifMatch: etag }))
      },
    },
    {
      method: 'POST',
      path: 'key-value-stores/:name/import',
      async handle({ params, request, ifMatch }) {
        const result = await keyValueStores.importKeyValueStore(params.name!, {
          bytes: request.body,
          ...(ifMatch === undefined ? {} : { ifMatch }),
        })
        return jsonResponse(result)
      },
    },
    {
      method: 'GET',
      path: 'key-value-stores/:name/export',
      async handle({ params, request }) {
        const revision = optionalInteger(request.query.get('revision'), 'revision')
        const file = await keyValueStores.exportKeyValueStore(
          params.name!,
          revision === undefined ? {} : { revision },
        )
        return {
          status: 200,
          headers: {
            'content-type': 'application/json',
            'cache-control': 'no-store',
            'content-disposition': `attachment; filename="${params.name!}${revision === undefined ? '' : `-r${revision}`}.json"`,
          },
          body: file,
        }
      },
    },
    {
      method: 'GET',
      path: 'key-value-stores/:name/revisions',
      async handle({ params, request }) {
        const marker = optionalInteger(request.query.get('marker'), 'marker')
        const page = await keyValueStores.listRevisions(params.name!, {
          maxItems: 25,
          ...(marker === undefined ? {} : { marker }),
        })
        return jsonResponse(page)
      },
    },
    {
      method: 'POST',
      path: 'key-value-stores/:name/rollback',
      async handle({ params, json, ifMatch }) {
        const revision = json().revision
        if (typeof revision !== 'number') throw new ConsoleError('BadRequest', 'revision must be a number.')
        const result = await keyValueStores.rollbackKeyValueStore(params.name!, {
          revision,
          ...(ifMatch === undefined ? {} : { ifMatch }),
        })
        return jsonResponse(result)
      },
    },
  ]
}
