import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The versions the demo origin serves, one folder each (`/blog-v1/*`, `/blog-v2/*`). */
export const DEMO_BLOG_VERSIONS = ['blog-v1', 'blog-v2'] as const

export interface DemoOrigin {
  url: string
  host: string
  port: number
  close(): Promise<void>
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The page the demo origin returns for `path` under `version`. */
export function demoBlogPage(version: string, path: string): string {
  const title = `Verge demo blog: ${version}`
  return [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><title>${title}</title></head>`,
    `<body><h1>${title}</h1>`,
    `<p>This page is ${escapeHtml(path)}, served by the ${version} folder of the demo origin.</p>`,
    '<p>Switch the <code>blog</code> key of the <code>demo</code> store to change the version.</p>',
    '</body></html>',
    '',
  ].join('\n')
}

/**
 * The small origin `verge start` bundles: `/blog-v1/*` and `/blog-v2/*` answer a short HTML page
 * that says which version it is; anything else is 404. The blog-router function picks the
 * folder from the `blog` key.
 */
export async function startDemoOrigin(options: { host?: string; port?: number } = {}): Promise<DemoOrigin> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const version = DEMO_BLOG_VERSIONS.find((v) => path.startsWith(`/${v}/`))
    const get = req.method === 'GET' || req.method === 'HEAD'
    const body = version !== undefined && get ? demoBlogPage(version, path) : 'Not Found\n'
    res.writeHead(version === undefined ? 404 : get ? 200 : 405, {
      'content-type': version !== undefined && get ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-cache',
    })
    res.end(req.method === 'HEAD' ? undefined : body)
  })
  server.keepAliveTimeout = 5_000
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host}:${port}`,
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
