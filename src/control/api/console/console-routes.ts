import type { ApiRequest, ApiResponse } from '../api-types.js'
import type { Route, RouteMethod } from '../route-table.js'
import { type JsonObject, parseJsonObject } from './console-json.js'
import type { ConsoleSession } from './console-session.js'

/** What a console route handler gets: the request, its path parameters and the session. */
export interface RouteContext {
  request: ApiRequest
  params: Readonly<Record<string, string>>
  session: ConsoleSession
  /** The body parsed as a JSON object (`{}` when empty). */
  json(): JsonObject
  /** The `If-Match` header, if sent. */
  ifMatch: string | undefined
}

/** One JSON route under `/console/api/`; `path` like `key-value-stores/:name/keys/:key`. */
export interface ConsoleRoute {
  method: Exclude<RouteMethod, 'HEAD'>
  path: string
  handle(context: RouteContext): Promise<ApiResponse>
}

/** Builds the context a handler sees. */
export function routeContext(
  request: ApiRequest,
  params: Record<string, string>,
  session: ConsoleSession,
): RouteContext {
  const raw = request.headers['if-match']
  const ifMatch = Array.isArray(raw) ? raw[0] : raw
  let parsed: JsonObject | undefined
  return {
    request,
    params,
    session,
    ifMatch: ifMatch === undefined || ifMatch === '' ? undefined : ifMatch,
    json() {
      parsed ??= parseJsonObject(request.body)
      return parsed
    },
  }
}

/** A console route in the console mount's table: under `api/`, behind the session. */
export function sessionRoute(route: ConsoleRoute): Route<ConsoleSession> {
  return {
    method: route.method,
    path: `api/${route.path}`,
    operation: ({ request, params, auth }) => route.handle(routeContext(request, params, auth)),
  }
}
