import type { Credentials } from '../../auth/credentials.js'
import type { EdgeRegistry } from '../../feed/edge-registry.js'
import type {
  DistributionService,
  FunctionService,
  KeyService,
  KeyValueStoreService,
} from '../../services/index.js'
import type { StateReader } from '../../state/state-store.js'
import type { ApiMount, ApiRequest, ApiResponse } from '../api-types.js'
import { mount } from '../mount.js'
import type { Route } from '../route-table.js'
import {
  checkCredentials,
  checkCsrf,
  checkSameOrigin,
  clearedSessionCookie,
  readCookie,
  requireSession,
  SESSION_COOKIE,
  sessionCookie,
} from './console-auth.js'
import { consoleDistributionRoutes } from './console-distribution-routes.js'
import { edgesOverview } from './console-edges.js'
import {
  ConsoleError,
  consoleErrorResponse,
  consoleInternalErrorChannel,
  mapConsoleErrorBody,
} from './console-errors.js'
import { consoleFunctionRoutes } from './console-function-routes.js'
import { jsonResponse, noContent, parseJsonObject, requiredString } from './console-json.js'
import { consoleKvsRoutes } from './console-kvs-routes.js'
import { type ConsoleRoute, sessionRoute } from './console-routes.js'
import { type ConsoleSession, ConsoleSessionStore } from './console-session.js'
import { createConsoleStatic, defaultConsoleDir } from './console-static.js'
import { SignInThrottle } from './sign-in-throttle.js'

/** Import files reach 5 MB by default ('Quotas on key value stores'); leave room. */
export const CONSOLE_MAX_BODY_BYTES = 8 * 1024 * 1024

export interface ConsoleApiOptions {
  credentials: Credentials
  accountId: string
  keyValueStores: KeyValueStoreService
  keys: KeyService
  state: StateReader
  /** Without it, the function routes answer NotAvailable. */
  functions?: FunctionService
  distributions?: DistributionService
  edges: EdgeRegistry
  /** The newest revision of the change log. */
  latestRevision: () => number
  /** The built page (`console/dist`); default: found from this module's location. */
  staticDir?: string
  sessions?: ConsoleSessionStore
  signInThrottle?: SignInThrottle
  maxBodyBytes?: number
}

function unavailable(what: string): ConsoleRoute[] {
  const fail = async (): Promise<ApiResponse> => {
    throw new ConsoleError('NotAvailable', `This control plane does not serve ${what}.`)
  }
  return ['GET', 'POST'].flatMap((method) =>
    [what, `${what}/:id`, `${what}/:id/:action`].map((path) => ({
      method: method as 'GET' | 'POST',
      path,
      handle: fail,
    })),
  )
}

/**
 * The web console under `/console`: the page's files, and its JSON API under `/console/api/`
 * behind a session cookie (sign-in with the control plane's access key) and a CSRF token on
 * every mutating call. Errors are Verge's JSON error body `{code, message}` with a fitting
 * status (`console-errors.ts`, `verge-json-errors.ts`).
 */
export function createConsoleApi(options: ConsoleApiOptions): ApiMount {
  const sessions = options.sessions ?? new ConsoleSessionStore()
  const throttle = options.signInThrottle ?? new SignInThrottle()
  const serveStatic = createConsoleStatic(options.staticDir ?? defaultConsoleDir())
  const consoleRoutes: ConsoleRoute[] = [
    ...consoleKvsRoutes(options),
    ...(options.functions === undefined
      ? unavailable('functions')
      : consoleFunctionRoutes(options.functions, options.distributions)),
    ...(options.distributions === undefined
      ? unavailable('distributions')
      : consoleDistributionRoutes(options.distributions)),
    {
      method: 'GET',
      path: 'edges',
      handle: async () => jsonResponse(edgesOverview(options.edges, options.latestRevision())),
    },
  ]

  function login(request: ApiRequest): ApiResponse {
    if (request.method !== 'POST') throw new ConsoleError('MethodNotAllowed', 'Sign in with POST.')
    checkSameOrigin(request)
    const client = request.remoteAddress ?? 'unknown'
    const wait = throttle.waitSeconds(client)
    if (wait > 0) {
      return consoleErrorResponse(
        {
          code: 'TooManyRequests',
          message: `Too many failed sign-ins from this address: try again in ${wait} seconds.`,
        },
        { 'retry-after': String(wait) },
      )
    }
    const body = parseJsonObject(request.body)
    const accessKeyId = requiredString(body, 'accessKeyId').trim()
    try {
      checkCredentials(options.credentials, accessKeyId, requiredString(body, 'secretAccessKey'))
    } catch (error) {
      throttle.failed(client)
      throw error
    }
    throttle.succeeded(client)
    const session = sessions.create(accessKeyId)
    return jsonResponse(sessionBody(session), 200, {
      'set-cookie': sessionCookie(request, session, sessions.cookieMaxAgeSeconds),
    })
  }

  function sessionBody(session: { accessKeyId: string; csrfToken: string; expires: number }) {
    return {
      accessKeyId: session.accessKeyId,
      accountId: options.accountId,
      csrfToken: session.csrfToken,
      expires: new Date(session.expires).toISOString(),
    }
  }

  const apiPath = (request: ApiRequest) => `/${request.segments.slice(2).join('/')}`

  // Public routes run without a session; every other one gets the session as `auth`.
  const routes: Route<ConsoleSession>[] = [
    // `/console` → `/console/`, so relative asset paths resolve.
    {
      method: '*',
      path: '',
      public: true,
      operation: async () => ({ status: 308, headers: { location: '/console/' } }),
    },
    { method: '*', path: 'api/login', public: true, operation: async ({ request }) => login(request) },
    {
      method: 'POST',
      path: 'api/logout',
      public: true,
      operation: async ({ request }) => {
        // Signing out works with an expired session too: it only clears the cookie.
        const session = sessions.touch(readCookie(request, SESSION_COOKIE))
        if (session !== undefined) {
          checkCsrf(request, session)
          sessions.delete(session.id)
        }
        return noContent({ 'set-cookie': clearedSessionCookie(request) })
      },
    },
    {
      method: '*',
      path: 'api/session',
      operation: async ({ request, auth }) => {
        if (request.method !== 'GET')
          throw new ConsoleError('NotFound', `No console API at ${apiPath(request)}.`)
        return jsonResponse(sessionBody(auth))
      },
    },
    ...consoleRoutes.map(sessionRoute),
    {
      method: '*',
      path: 'api/*',
      operation: async ({ request }) => {
        throw new ConsoleError('NotFound', `No console API at ${apiPath(request)}.`)
      },
    },
    // Every other path under `/console/` is the page's.
    {
      method: '*',
      path: '*',
      public: true,
      operation: async ({ request }) => serveStatic(request.segments.slice(1), request.method),
    },
  ]

  return mount<ConsoleSession>({
    prefix: 'console',
    maxBodyBytes: options.maxBodyBytes ?? CONSOLE_MAX_BODY_BYTES,
    routes,
    authenticate(request) {
      const session = requireSession(request, sessions)
      if (request.method !== 'GET' && request.method !== 'HEAD') checkCsrf(request, session)
      return session
    },
    unmatched: (request, allowed) =>
      new ConsoleError('MethodNotAllowed', `${request.method} is not allowed here (${allowed.join(', ')}).`),
    mapError(error, request) {
      const body = mapConsoleErrorBody(error)
      if (body === undefined) return undefined
      // A dead session's cookie is cleared so the page shows the sign-in form.
      if (body.code === 'Unauthorized' && request !== undefined)
        return consoleErrorResponse(body, { 'set-cookie': clearedSessionCookie(request) })
      return consoleErrorResponse(body)
    },
    internalErrors: consoleInternalErrorChannel,
  })
}
