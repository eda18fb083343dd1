import { existsSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, extname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ApiResponse } from '../api-types.js'
import type { RawRoute } from '../router.js'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

/**
 * The page's own rules: scripts and styles from this origin only (CodeMirror adds style
 * elements, hence inline styles), no framing, no plugins.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
}

/**
 * `console/dist` of the project this module belongs to: the nearest folder upwards that has a
 * `package.json` and a `console` folder (works from `src/` via tsx and from any build folder).
 */
export function defaultConsoleDir(
  from: string = dirname(fileURLToPath(import.meta.url)),
): string | undefined {
  let dir = from
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'console')))
      return join(dir, 'console', 'dist')
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Verge console</title>
<body style="font:16px system-ui;margin:3rem;color:#1f2933"><h1>The console is not built</h1>
<p>Run <code>npm run build</code> (or <code>npm run build:console</code>) and reload this page.</p></body>`

/**
 * Serves the built console under `/console/`: files with their content type, hashed assets
 * cached for a year, and `index.html` for every path without a file extension (client routes).
 */
export function createConsoleStatic(
  dir: string | undefined,
): (segments: string[], method: string) => Promise<ApiResponse> {
  const root = dir === undefined ? undefined : resolve(dir)

  async function file(path: string): Promise<Buffer | undefined> {
    try {
      if (!statSync(path).isFile()) return undefined
      return await readFile(path)
    } catch {
      return undefined
    }
  }

  function respond(
    status: number,
    type: string,
    body: Buffer | string,
    cache: string,
    method: string,
  ): ApiResponse {
    const headers: Record<string, string> = {
      'content-type': type,
      'cache-control': cache,
      'content-length': String(Buffer.byteLength(body)),
      ...SECURITY_HEADERS,
    }
    if (type.startsWith('text/html')) headers['content-security-policy'] = CONTENT_SECURITY_POLICY
    return { status, headers, ...(method === 'HEAD' ? {} : { body }) }
  }

  return async (segments, method) => {
    if (method !== 'GET' && method !== 'HEAD') {
      return {
        status: 405,
        headers: { allow: 'GET, HEAD', 'content-type': 'text/plain' },
        body: 'Method not allowed',
      }
    }
    // Decoded segments: refuse anything that could climb out of the folder.
    if (
      segments.some((s) => s === '..' || s === '.' || s.includes('/') || s.includes('\\') || s.includes('\0'))
    ) {
      return respond(400, 'text/plain; charset=utf-8', 'Bad path', 'no-store', method)
    }
    if (root === undefined || !existsSync(join(root, 'index.html'))) {
      return respond(503, 'text/html; charset=utf-8', NOT_BUILT, 'no-store', method)
    }
    const relative = segments.filter((s) => s !== '')
    const path = join(root, ...relative)
    if (path !== root && !path.startsWith(root + sep)) {
      return respond(400, 'text/plain; charset=utf-8', 'Bad path', 'no-store', method)
    }
    const extension = extname(relative[relative.length - 1] ?? '')
    if (extension !== '') {
      const body = await file(path)
      if (body === undefined)
        return respond(404, 'text/plain; charset=utf-8', 'Not found', 'no-store', method)
      // Vite names assets by content hash: they never change under the same name.
      const cache = relative[0] === 'assets' ? 'public, max-age=31536000, immutable' : 'no-cache'
      return respond(200, CONTENT_TYPES[extension] ?? 'application/octet-stream', body, cache, method)
    }
    const index = await file(join(root, 'index.html'))
    if (index === undefined) return respond(503, 'text/html; charset=utf-8', NOT_BUILT, 'no-store', method)
    return respond(200, 'text/html; charset=utf-8', index, 'no-cache', method)
  }
}

/** Where the console lives on the control port. */
export const CONSOLE_PATH = '/console/'

/**
 * `GET /` (or HEAD) on the control port sends a browser to the console (302). No AWS operation
 * uses `/`: the CloudFront API is under `/2020-05-31/`, the KVS data plane under
 * `/key-value-stores/`; any other method on `/` keeps its 404.
 */
export const consoleRootRedirect: RawRoute = {
  matches: ({ rawPath }) => rawPath === '/',
  handle(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    req.resume()
    res.writeHead(302, { location: CONSOLE_PATH, 'cache-control': 'no-store', 'content-length': '0' })
    res.end()
    return true
  },
}
