/** The console's only way to the control plane: JSON over HTTP under /console/api. */

export class ApiError extends Error {
  readonly code: string
  readonly status: number
  readonly line: number | undefined
  readonly column: number | undefined

  constructor(
    status: number,
    code: string,
    message: string,
    position: { line?: number; column?: number } = {},
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.line = position.line
    this.column = position.column
  }
}

let csrfToken = ''

/** Set after sign-in and on start (GET /session); sent back on every mutating call. */
export function setCsrfToken(token: string): void {
  csrfToken = token
}

/** Fired when the session is gone, so the app shows the sign-in form. */
export const UNAUTHORIZED_EVENT = 'verge:unauthorized'

export interface RequestOptions {
  ifMatch?: string
  /** Send this text as the body as is (an import file), instead of JSON of `body`. */
  rawBody?: string
  /** Do not raise the sign-in form on 401 (the sign-in call itself). */
  quiet401?: boolean
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken
  if (options.ifMatch !== undefined) headers['if-match'] = options.ifMatch
  let payload: string | undefined
  if (options.rawBody !== undefined) payload = options.rawBody
  else if (body !== undefined) payload = JSON.stringify(body)
  if (payload !== undefined) headers['content-type'] = 'application/json'
  let response: Response
  try {
    response = await fetch(`/console/api/${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(payload === undefined ? {} : { body: payload }),
    })
  } catch (error) {
    throw new ApiError(
      0,
      'NetworkError',
      `The control plane cannot be reached (${(error as Error).message}).`,
    )
  }
  const text = await response.text()
  let parsed: unknown
  try {
    parsed = text === '' ? undefined : JSON.parse(text)
  } catch {
    parsed = undefined
  }
  if (!response.ok) {
    const problem = (parsed ?? {}) as { code?: string; message?: string; line?: number; column?: number }
    const error = new ApiError(
      response.status,
      problem.code ?? `HTTP${response.status}`,
      problem.message ?? `The control plane answered ${response.status} ${response.statusText}.`,
      {
        ...(problem.line === undefined ? {} : { line: problem.line }),
        ...(problem.column === undefined ? {} : { column: problem.column }),
      },
    )
    if (response.status === 401 && !options.quiet401)
      window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT))
    throw error
  }
  return parsed as T
}

export const enc = encodeURIComponent
