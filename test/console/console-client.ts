/** A minimal browser-like client of the console API for tests: cookie jar, CSRF header, Origin. */
export interface ConsoleReply {
  status: number
  headers: Headers
  body: unknown
  text: string
}

export class ConsoleClient {
  readonly baseUrl: string
  cookie: string | undefined
  csrfToken: string | undefined

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl
  }

  async request(
    method: string,
    path: string,
    options: { json?: unknown; body?: string; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<ConsoleReply> {
    const headers: Record<string, string> = { origin: this.baseUrl, ...options.headers }
    if (this.cookie !== undefined) headers.cookie = this.cookie
    if (options.csrf !== false && this.csrfToken !== undefined && method !== 'GET')
      headers['x-csrf-token'] = this.csrfToken
    let body = options.body
    if (options.json !== undefined) {
      body = JSON.stringify(options.json)
      headers['content-type'] ??= 'application/json'
    }
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      redirect: 'manual',
      ...(body === undefined ? {} : { body }),
    })
    const text = await response.text()
    let parsed: unknown
    try {
      parsed = text === '' ? undefined : JSON.parse(text)
    } catch {
      parsed = undefined
    }
    const setCookie = response.headers.get('set-cookie')
    if (setCookie !== null) {
      const value = setCookie.split(';')[0]!
      this.cookie = value.endsWith('=') ? undefined : value
    }
    return { status: response.status, headers: response.headers, body: parsed, text }
  }

  async login(accessKeyId: string, secretAccessKey: string): Promise<ConsoleReply> {
    const reply = await this.request('POST', '/console/api/login', { json: { accessKeyId, secretAccessKey } })
    if (reply.status === 200) this.csrfToken = (reply.body as { csrfToken: string }).csrfToken
    return reply
  }
}
