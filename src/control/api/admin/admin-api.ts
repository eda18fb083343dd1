import { channel } from 'node:diagnostics_channel'
import type { EdgeStatus } from '../../../sync/index.js'
import type { Credentials } from '../../auth/credentials.js'
import { ControlError } from '../../errors.js'
import type { FunctionLogService } from '../../logs/function-log-service.js'
import type { KeyValueStoreService } from '../../services/index.js'
import { ApiError } from '../api-errors.js'
import type { ApiMount, ApiRequest, ApiResponse } from '../api-types.js'
import { mount } from '../mount.js'
import type { Route } from '../route-table.js'
import { signedRequestAuth } from '../signed-auth.js'
import { mapAdminError } from './admin-errors.js'
import { functionLogRoutes } from './function-log-routes.js'

/** The first path segment the admin API is mounted on: `/_verge/admin/...`. */
export const ADMIN_PREFIX = '_verge'

/** The service the CLI's admin client signs for (`src/cli/admin-client.ts`). */
export const ADMIN_SIGNING_SERVICE = 'verge'

/** Published with `{ error }` when an admin request fails for a reason the API did not expect. */
export const adminInternalErrorChannel = channel('verge:control:admin:internal-error')

export interface AdminApiOptions {
  keyValueStores: KeyValueStoreService
  credentials: Credentials
  /** Every edge with its applied revision, and the latest revision of the change log. */
  listEdges: () => { latestRevision: number; edges: EdgeStatus[] }
  /** The largest import file accepted, in bytes. */
  maxBodyBytes: number
  /** Function logs, read by `verge function logs`. */
  functionLogs?: FunctionLogService
  clock?: () => Date
}

function json(body: unknown, etag?: string): ApiResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/json', ...(etag === undefined ? {} : { etag }) },
    body: JSON.stringify(body),
  }
}

function header(request: ApiRequest, name: string): string | undefined {
  const value = request.headers[name]
  const first = Array.isArray(value) ? value[0] : value
  return first === undefined || first === '' ? undefined : first
}

function integerParameter(raw: string | null | undefined, name: string): number | undefined {
  if (raw === null || raw === undefined) return undefined
  if (!/^\d{1,15}$/.test(raw))
    throw new ControlError('InvalidArgument', `${name} must be a positive integer.`)
  return Number(raw)
}

function rollbackRevision(body: Uint8Array): number {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(body).toString('utf8'))
  } catch {
    throw new ApiError('MalformedRequest', 'The request body is not valid JSON.')
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>
  const revision = record.revision ?? record.Revision
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 1)
    throw new ControlError('InvalidArgument', 'The body must be {"revision": <positive integer>}.')
  return revision
}

const changeResult = (r: { etag: string; revision: number; itemCount: number; totalSizeInBytes: number }) =>
  json(
    { etag: r.etag, revision: r.revision, itemCount: r.itemCount, totalSizeInBytes: r.totalSizeInBytes },
    r.etag,
  )

/** The admin API's route table, under `/_verge/`. */
export function adminRoutes(options: AdminApiOptions): Route<unknown>[] {
  const stores = options.keyValueStores
  return [
    {
      method: 'GET',
      path: 'admin/edges',
      operation: async () => {
        const { latestRevision, edges } = options.listEdges()
        return json({ latestRevision, edges })
      },
    },
    {
      method: 'POST',
      path: 'admin/key-value-stores/:name/import',
      operation: async ({ request, params }) => {
        const ifMatch = header(request, 'if-match')
        const source = request.query.get('source')
        if (source !== null && request.body.byteLength > 0)
          throw new ApiError('MalformedRequest', 'Send either a file in the body or ?source=, not both.')
        const input = source !== null ? { source } : { bytes: request.body }
        return changeResult(
          await stores.importKeyValueStore(
            params.name!,
            ifMatch === undefined ? input : { ...input, ifMatch },
          ),
        )
      },
    },
    {
      method: 'GET',
      path: 'admin/key-value-stores/:name/export',
      operation: async ({ request, params }) => {
        const revision = integerParameter(request.query.get('revision'), 'revision')
        const file = await stores.exportKeyValueStore(
          params.name!,
          revision === undefined ? {} : { revision },
        )
        return { status: 200, headers: { 'content-type': 'application/json' }, body: file }
      },
    },
    {
      method: 'GET',
      path: 'admin/key-value-stores/:name/revisions',
      operation: async ({ request, params }) => {
        const marker = integerParameter(request.query.get('marker'), 'marker')
        const maxItems = integerParameter(request.query.get('maxItems'), 'maxItems')
        const page = await stores.listRevisions(params.name!, {
          ...(marker === undefined ? {} : { marker }),
          ...(maxItems === undefined ? {} : { maxItems }),
        })
        return json({
          revisions: page.revisions.map((r) => ({ ...r, committed: r.committed.toISOString() })),
          ...(page.nextMarker === undefined ? {} : { nextMarker: page.nextMarker }),
        })
      },
    },
    {
      method: 'POST',
      path: 'admin/key-value-stores/:name/rollback',
      operation: async ({ request, params }) => {
        const ifMatch = header(request, 'if-match')
        const revision = rollbackRevision(request.body)
        return changeResult(
          await stores.rollbackKeyValueStore(
            params.name!,
            ifMatch === undefined ? { revision } : { revision, ifMatch },
          ),
        )
      },
    },
  ]
}

/**
 * The admin JSON API of the CLI (and anything else signed with the control plane's key), for
 * what CloudFront has no operation for:
 * - `POST /_verge/admin/key-value-stores/{Name}/import[?source=]`: body = an import file
 *   (CloudFront's format), or empty with `source` (s3://, http(s)://, a path); optional `If-Match`.
 * - `GET  /_verge/admin/key-value-stores/{Name}/export[?revision=N]`: the import file.
 * - `GET  /_verge/admin/key-value-stores/{Name}/revisions[?marker=&maxItems=]`: newest first.
 * - `POST /_verge/admin/key-value-stores/{Name}/rollback`: body `{"revision": N}`; optional `If-Match`.
 * - `GET  /_verge/admin/edges`: every edge, its applied revision and how far behind it is.
 * - `GET  /_verge/admin/functions/{Name}/logs`: function logs (`function-log-routes.ts`).
 * Every request is SigV4/SigV4A-signed for service `verge`; errors are Verge's JSON error body with its AWS-style names (`admin-errors.ts`).
 */
export function createAdminApi(options: AdminApiOptions): ApiMount {
  return mount({
    prefix: ADMIN_PREFIX,
    maxBodyBytes: options.maxBodyBytes,
    routes: [
      ...adminRoutes(options),
      ...(options.functionLogs === undefined ? [] : functionLogRoutes(options.functionLogs)),
    ],
    authenticate: signedRequestAuth({
      credentials: options.credentials,
      signingService: ADMIN_SIGNING_SERVICE,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    }),
    mapError: mapAdminError,
    internalErrors: adminInternalErrorChannel,
  })
}
