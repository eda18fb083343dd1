import type { ApiRequest, ApiResponse } from './api-types.js'

export type RouteMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** What an operation gets: the request, its path parameters, and what the auth step returned. */
export interface OperationInput<Auth> {
  request: ApiRequest
  params: Readonly<Record<string, string>>
  auth: Auth
}

export type Operation<Auth> = (input: OperationInput<Auth>) => Promise<ApiResponse>

/**
 * One operation of an API, relative to its mount's prefix. `path` is split on `/`: a `:name`
 * part captures one decoded segment, a final `*` any rest, `''` is the prefix itself. `'*'` as
 * the method takes every method (the operation then decides). A `public` route runs without
 * the mount's auth step (the console's sign-in and its page); its operation gets `auth: undefined`.
 */
export interface Route<Auth> extends RoutePattern {
  operation: Operation<Auth>
}

/** What the table needs of a route; the sync API's raw routes share the matcher. */
export interface RoutePattern {
  method: RouteMethod | '*'
  path: string
  public?: boolean
}

export type RouteMatch<R extends RoutePattern> =
  | { kind: 'found'; route: R; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' }

export interface RouteTableOptions {
  /** A `:name` part also matches an empty segment (`a//b`); by default it does not. */
  emptyParams?: boolean
}

interface Compiled<R extends RoutePattern> {
  route: R
  parts: string[]
  splat: boolean
}

function compile<R extends RoutePattern>(route: R): Compiled<R> {
  const parts = route.path === '' ? [] : route.path.split('/')
  const splat = parts.at(-1) === '*'
  return { route, parts: splat ? parts.slice(0, -1) : parts, splat }
}

/**
 * A route table matched once per request, segment by segment. Routes without a splat are tried
 * first, in order: the first whose path and method match wins; a path that matches only with
 * other methods is `method-not-allowed` (public routes do not count there: on another method
 * their path is handled as if they were absent). Splat routes are tried last, in order.
 */
export function createRouteTable<R extends RoutePattern>(
  routes: readonly R[],
  options: RouteTableOptions = {},
): (method: string, segments: readonly string[]) => RouteMatch<R> {
  const compiled = routes.map(compile)
  const exact = compiled.filter((c) => !c.splat)
  const splats = compiled.filter((c) => c.splat)
  const paramOk = (segment: string) => options.emptyParams === true || segment !== ''

  const capture = (parts: string[], segments: readonly string[]): Record<string, string> | undefined => {
    const params: Record<string, string> = {}
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!
      const segment = segments[i]!
      if (part.startsWith(':')) {
        if (!paramOk(segment)) return undefined
        params[part.slice(1)] = segment
      } else if (part !== segment) return undefined
    }
    return params
  }
  const methodOk = (route: R, method: string) => route.method === '*' || route.method === method

  return (method, segments) => {
    const allowed: string[] = []
    for (const { route, parts } of exact) {
      if (parts.length !== segments.length) continue
      const params = capture(parts, segments)
      if (params === undefined) continue
      if (methodOk(route, method)) return { kind: 'found', route, params }
      if (route.public !== true) allowed.push(route.method)
    }
    if (allowed.length > 0) return { kind: 'method-not-allowed', allowed }
    for (const { route, parts } of splats) {
      if (parts.length > segments.length || !methodOk(route, method)) continue
      const params = capture(parts, segments)
      if (params !== undefined) return { kind: 'found', route, params }
    }
    return { kind: 'not-found' }
  }
}
