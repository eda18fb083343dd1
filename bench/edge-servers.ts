/**
 * The two servers `bench/edge.ts` compares, one per process:
 *   node dist/bench/edge-servers.js verge <originPort>   an edge: blog-router function (KVS lookup) + cache hit
 *   node dist/bench/edge-servers.js bare <originPort>    node:http doing the same lookup and cache in plain JS
 *   node dist/bench/edge-servers.js bare+function <originPort>
 *                                  the bare server, with the lookup and rewrite done by the blog-router
 *                                  function through runFunction: the floor of node:http plus the sandbox
 * Each prints its port, then serves until SIGTERM.
 */
import { createServer, type IncomingMessage, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Registry } from 'prom-client'
import { BLOG_ROUTER_FUNCTION } from '../src/cli/demo/seed-functions.js'
import {
  createEdgeServer,
  createViewerMetrics,
  EdgeReplica,
  MemoryCacheStore,
  WorkerLogForwarder,
} from '../src/edge/index.js'
import { MemoryKeyValueStore } from '../src/kvs/memory-store.js'
import { loadFunction, runFunction } from '../src/runtime/index.js'

const [mode, originPortText] = process.argv.slice(2)
const originPort = Number(originPortText)
const FUNCTION_ARN = 'arn:aws:cloudfront::000000000000:function/blog-router'

/** `observed`: with a worker's metrics and function log capture on (its IPC send discards). */
async function startVerge(observed: boolean): Promise<number> {
  const store = new MemoryKeyValueStore({ id: '37435e19-c205-4271-9e5c-0123456789ab' })
  store.put('blog', 'blog-v1')
  const replica = new EdgeReplica()
  replica.putFunction(
    FUNCTION_ARN,
    loadFunction({ code: BLOG_ROUTER_FUNCTION, runtime: 'cloudfront-js-2.0', keyValueStore: store }),
  )
  replica.putDistribution({
    Id: 'EBENCH0000001',
    DomainName: 'bench.verge.local',
    ARN: 'arn:aws:cloudfront::000000000000:distribution/EBENCH0000001',
    Config: {
      CallerReference: 'bench',
      Aliases: [],
      Comment: '',
      Enabled: true,
      Origins: [
        {
          Id: 'origin',
          DomainName: '127.0.0.1',
          OriginPath: '',
          CustomHeaders: [],
          CustomOriginConfig: { HTTPPort: originPort, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
        },
      ],
      DefaultCacheBehavior: {
        TargetOriginId: 'origin',
        ViewerProtocolPolicy: 'allow-all',
        FunctionAssociations: [{ FunctionARN: FUNCTION_ARN, EventType: 'viewer-request' }],
        MinTTL: 0,
        DefaultTTL: 3600,
        MaxTTL: 3600,
      },
      CacheBehaviors: [],
    },
  })
  const logs = new WorkerLogForwarder(() => {})
  const edge = createEdgeServer({
    replica,
    defaultDistributionId: 'EBENCH0000001',
    cache: new MemoryCacheStore(),
    ...(observed
      ? {
          metrics: createViewerMetrics(new Registry()),
          logger: { functionLog: (entry) => logs.add(entry) },
        }
      : {}),
  })
  return (await edge.listen(0, '127.0.0.1')).port
}

type Rewrite = (req: IncomingMessage) => string

// The lookup and rewrite in plain JS.
function plainRewrite(): Rewrite {
  const kvs = new Map([['blog', 'blog-v1']])
  return (req) => {
    const segments = (req.url ?? '/').split('/')
    const value = kvs.get(segments[1] ?? '')
    if (value !== undefined) segments[1] = value
    return segments.join('/')
  }
}

// The lookup and rewrite by the blog-router function, on a minimal event.
function functionRewrite(): Rewrite {
  const store = new MemoryKeyValueStore({ id: '37435e19-c205-4271-9e5c-0123456789ab' })
  store.put('blog', 'blog-v1')
  const fn = loadFunction({ code: BLOG_ROUTER_FUNCTION, runtime: 'cloudfront-js-2.0', keyValueStore: store })
  return (req) => {
    const result = runFunction(fn, {
      version: '1.0',
      context: { eventType: 'viewer-request', distributionId: 'EBENCH0000001', requestId: 'bench' },
      viewer: { ip: req.socket.remoteAddress ?? '' },
      request: {
        method: req.method ?? 'GET',
        uri: req.url ?? '/',
        querystring: {},
        headers: {},
        cookies: {},
      },
    })
    return result.output !== undefined && 'request' in result.output ? result.output.request.uri : '/'
  }
}

// Look the first segment up, rewrite, answer from a cache.
async function startBare(rewrite: Rewrite): Promise<number> {
  const cache = new Map<string, { status: number; headers: Record<string, string>; body: Buffer }>()
  const server = createServer((req, res) => {
    const uri = rewrite(req)
    const hit = cache.get(uri)
    if (hit !== undefined) {
      res.writeHead(hit.status, { ...hit.headers, 'x-cache': 'Hit' })
      res.end(hit.body)
      return
    }
    request({ host: '127.0.0.1', port: originPort, path: uri }, (origin) => {
      const chunks: Buffer[] = []
      origin.on('data', (chunk: Buffer) => chunks.push(chunk))
      origin.on('end', () => {
        const entry = {
          status: origin.statusCode ?? 502,
          headers: { 'content-type': String(origin.headers['content-type']) },
          body: Buffer.concat(chunks),
        }
        cache.set(uri, entry)
        res.writeHead(entry.status, { ...entry.headers, 'x-cache': 'Miss' })
        res.end(entry.body)
      })
    }).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

const port =
  mode === 'verge' || mode === 'verge+observed'
    ? await startVerge(mode === 'verge+observed')
    : await startBare(mode === 'bare+function' ? functionRewrite() : plainRewrite())
process.stdout.write(`${port}\n`)
process.on('SIGTERM', () => process.exit(0))
