import type { Credentials } from '../../auth/credentials.js'
import type { ApiRequest } from '../api-types.js'
import { ConsoleError } from './console-errors.js'
import { type ConsoleSession, type ConsoleSessionStore, sameSecret } from './console-session.js'

/** The session cookie; scoped to `/console` so no other API ever receives it. */
export const SESSION_COOKIE = 'verge_console_session'
/** The header that carries the CSRF token on every mutating call. */
export const CSRF_HEADER = 'x-csrf-token'

function header(request: ApiRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** The value of one cookie from the `Cookie` header. */
export function readCookie(request: ApiRequest, name: string): string | undefined {
  const cookies = header(request, 'cookie')
  if (cookies === undefined) return undefined
  for (const part of cookies.split(';')) {
    const at = part.indexOf('=')
    if (at !== -1 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim()
  }
  return undefined
}

function secure(request: ApiRequest): boolean {
  if (request.encrypted === true) return true
  // Behind a TLS-terminating proxy the cookie must be Secure too.
  return header(request, 'x-forwarded-proto')?.split(',')[0]?.trim() === 'https'
}

/** `Set-Cookie` for a new session: HttpOnly, SameSite=Strict, path /console. */
export function sessionCookie(request: ApiRequest, session: ConsoleSession, maxAgeSeconds: number): string {
  return (
    `${SESSION_COOKIE}=${session.id}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}` +
    (secure(request) ? '; Secure' : '')
  )
}

/** `Set-Cookie` that removes the session cookie. */
export function clearedSessionCookie(request: ApiRequest): string {
  return (
    `${SESSION_COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0` +
    (secure(request) ? '; Secure' : '')
  )
}

/**
 * Refuses a request whose `Origin` (sent by browsers on every cross-site and every
 * POST/PUT/PATCH/DELETE fetch) is not this host, and one whose body is not JSON: a form on another site
 * cannot send `application/json` without a CORS preflight, which this API never grants.
 */
export function checkSameOrigin(request: ApiRequest): void {
  const origin = header(request, 'origin')
  if (origin !== undefined) {
    const host = header(request, 'x-forwarded-host') ?? header(request, 'host')
    const allowed = host === undefined ? [] : [`http://${host}`, `https://${host}`]
    if (!allowed.includes(origin.toLowerCase()))
      throw new ConsoleError('CsrfRejected', `Requests from ${origin} are not accepted.`)
  }
  const type = header(request, 'content-type')
  if (request.body.byteLength > 0 && !(type ?? '').toLowerCase().startsWith('application/json'))
    throw new ConsoleError('CsrfRejected', 'A request body must be sent as application/json.')
}

/** A mutating call must carry the session's CSRF token and come from this origin. */
export function checkCsrf(request: ApiRequest, session: ConsoleSession): void {
  checkSameOrigin(request)
  const sent = header(request, CSRF_HEADER)
  if (sent === undefined || !sameSecret(sent, session.csrfToken)) {
    throw new ConsoleError('CsrfRejected', 'The request lacks a valid CSRF token: reload the page.')
  }
}

/** Checks a sign-in against the control plane's one access key. */
export function checkCredentials(
  credentials: Credentials,
  accessKeyId: string,
  secretAccessKey: string,
): void {
  // Compare both in constant time, and both always, so timing tells nothing about either.
  const idOk = sameSecret(accessKeyId, credentials.accessKeyId)
  const secretOk = sameSecret(secretAccessKey, credentials.secretAccessKey)
  if (!idOk || !secretOk)
    throw new ConsoleError('InvalidCredentials', 'The access key ID or secret access key is wrong.')
}

/** The live session of the request's cookie, or Unauthorized. */
export function requireSession(request: ApiRequest, sessions: ConsoleSessionStore): ConsoleSession {
  const id = readCookie(request, SESSION_COOKIE)
  const session = sessions.touch(id)
  if (session !== undefined) return session
  throw new ConsoleError(
    'Unauthorized',
    id === undefined || id === '' ? 'Sign in to use the console.' : 'Your session has ended: sign in again.',
  )
}
