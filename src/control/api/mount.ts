import type { Channel } from 'node:diagnostics_channel'
import { ApiError, INTERNAL_MESSAGE } from './api-errors.js'
import type { ApiMount, ApiRequest, ApiResponse } from './api-types.js'
import { createRouteTable, type Route, type RouteTableOptions } from './route-table.js'

export interface MountOptions<Auth> {
  /** The first path segment, as sent (raw); route paths are relative to it. */
  prefix: string
  /** Request bodies above this are refused as `MalformedRequest`. */
  maxBodyBytes: number
  routes: readonly Route<Auth>[]
  routeTable?: RouteTableOptions
  /**
   * The surface's one auth step, run before any route that is not `public` and before a miss
   * is reported: it throws to refuse, and what it returns reaches the operation as `auth`.
   */
  authenticate(request: ApiRequest): Auth | Promise<Auth>
  /** The error for a request no route serves; default `UnknownOperation`. */
  unmatched?(request: ApiRequest, allowed: readonly string[]): Error
  /**
   * The surface's wire shape for an error it expects (`VergeError`s, mostly); `undefined` for
   * any other, which the mount publishes on `internalErrors` and answers as `Internal`.
   */
  mapError(error: unknown, request: ApiRequest | undefined): ApiResponse | undefined
  internalErrors: Channel
}

function defaultUnmatched(request: ApiRequest): Error {
  return new ApiError('UnknownOperation', `No operation for ${request.method} ${request.rawUrl}.`)
}

/**
 * Mounts one API: the route table is matched once on the segments after the prefix, the auth
 * step runs, the operation is called, and whatever it throws is caught here, once, and turned
 * into the API's own error shape by `mapError`. The result is socketless (`handle(ApiRequest)`);
 * `router.ts` serves it over HTTP.
 */
export function mount<Auth>(options: MountOptions<Auth>): ApiMount {
  const match = createRouteTable(options.routes, options.routeTable)
  const unmatched = options.unmatched ?? defaultUnmatched

  const toResponse = (error: unknown, request: ApiRequest | undefined): ApiResponse => {
    const mapped = options.mapError(error, request)
    if (mapped !== undefined) return mapped
    options.internalErrors.publish({ error })
    return internal(request)
  }
  const internal = (request: ApiRequest | undefined): ApiResponse =>
    options.mapError(new ApiError('Internal', INTERNAL_MESSAGE), request) ?? { status: 500 }

  async function handle(request: ApiRequest): Promise<ApiResponse> {
    try {
      const found = match(request.method, request.segments.slice(1))
      if (found.kind === 'found') request.operation = `${found.route.method} ${found.route.path}`
      if (found.kind === 'found' && found.route.public === true) {
        return await found.route.operation({ request, params: found.params, auth: undefined as Auth })
      }
      const auth = await options.authenticate(request)
      if (found.kind !== 'found') {
        throw unmatched(request, found.kind === 'method-not-allowed' ? found.allowed : [])
      }
      return await found.route.operation({ request, params: found.params, auth })
    } catch (error) {
      return toResponse(error, request)
    }
  }

  return {
    prefix: options.prefix,
    maxBodyBytes: options.maxBodyBytes,
    handle,
    malformed: (message) => toResponse(new ApiError('MalformedRequest', message), undefined),
    internalError: () => internal(undefined),
  }
}
