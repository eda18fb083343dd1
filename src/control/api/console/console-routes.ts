import type { ApiRequest, ApiResponse } from '../api-types.js'
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

export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** One JSON route under `/console/api/`; `path` like `key-value-stores/:name/keys/:key`. */
export interface ConsoleRoute {
  method: RouteMethod
  path: string
  handle(context: RouteContext): Promise<ApiResponse>
}

interface CompiledRoute {
  route: ConsoleRoute
  parts: string[]
}

export type RouteMatch =
  | { kind: 'found'; route: ConsoleRoute; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' }

/** A route table matched segment by segment; `:name` segments capture (already decoded). */
export function createRouteTable(
  routes: readonly ConsoleRoute[],
): (method: string, segments: string[]) => RouteMatch {
  const compiled: CompiledRoute[] = routes.map((route) => ({ route, parts: route.path.split('/') }))
  return (method, segments) => {
    const allowed: string[] = []
    for (const { route, parts } of compiled) {
      if (parts.length !== segments.length) continue
      const params: Record<string, string> = {}
      let matches = true
      for (let i = 0; i < parts.length && matches; i++) {
        const part = parts[i]!
        const segment = segments[i]!
        if (part.startsWith(':')) {
          if (segment === '') matches = false
          else params[part.slice(1)] = segment
        } else if (part !== segment) matches = false
      }
      if (!matches) continue
      if (route.method === method) return { kind: 'found', route, params }
      allowed.push(route.method)
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' }
  }
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
