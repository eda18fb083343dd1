import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  createEdgeServer,
  EdgeReplica,
  type EdgeServerOptions,
  MemoryCacheStore,
} from '../../src/edge/index.js'
import type { MemoryKeyValueStore } from '../../src/kvs/memory-store.js'
import { loadFunction } from '../../src/runtime/index.js'
import type {
  CacheBehavior,
  DefaultCacheBehavior,
  EdgeDistribution,
  Origin,
} from '../../src/sync/distribution.js'

/** A request an origin received. */
export interface SeenRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
}

export type OriginHandler = (req: IncomingMessage, res: ServerResponse) => void

/** A real origin on 127.0.0.1, port 0, recording what it receives. */
export interface TestOrigin {
  readonly port: number
  readonly requests: SeenRequest[]
  handler: OriginHandler
  close(): Promise<void>
}

const okHandler: OriginHandler = (req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' })
  res.end(`origin saw ${req.url}`)
}

export async function startOrigin(handler: OriginHandler = okHandler): Promise<TestOrigin> {
  const requests: SeenRequest[] = []
  const origin = {
    port: 0,
    requests,
    handler,
    close: async () => {},
  }
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    origin.handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin.port = (server.address() as AddressInfo).port
  origin.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  return origin
}

/** A `CustomOriginConfig` origin on a local port (http-only). */
export function localOrigin(id: string, port: number, extra: Partial<Origin> = {}): Origin {
  return {
    Id: id,
    DomainName: '127.0.0.1',
    OriginPath: '',
    CustomHeaders: [],
    ConnectionAttempts: 1,
    ConnectionTimeout: 2,
    CustomOriginConfig: {
      HTTPPort: port,
      HTTPSPort: 443,
      OriginProtocolPolicy: 'http-only',
      OriginReadTimeout: 5,
      OriginKeepaliveTimeout: 5,
    },
    ...extra,
  }
}

export function behavior(
  targetOriginId: string,
  extra: Partial<DefaultCacheBehavior> = {},
): DefaultCacheBehavior {
  return {
    TargetOriginId: targetOriginId,
    ViewerProtocolPolicy: 'allow-all',
    FunctionAssociations: [],
    MinTTL: 0,
    DefaultTTL: 0,
    MaxTTL: 31_536_000,
    ForwardedValues: { QueryString: true },
    ...extra,
  }
}

export function pathBehavior(
  pathPattern: string,
  targetOriginId: string,
  extra: Partial<DefaultCacheBehavior> = {},
): CacheBehavior {
  return { PathPattern: pathPattern, ...behavior(targetOriginId, extra) }
}

export interface DistributionSpec {
  id?: string
  aliases?: string[]
  origins: Origin[]
  defaultBehavior: DefaultCacheBehavior
  behaviors?: CacheBehavior[]
  defaultRootObject?: string
}

export function distribution(spec: DistributionSpec): EdgeDistribution {
  const id = spec.id ?? 'E1TESTDIST'
  return {
    Id: id,
    DomainName: `${id.toLowerCase()}.verge.test`,
    ARN: `arn:aws:cloudfront::123456789012:distribution/${id}`,
    Config: {
      CallerReference: `ref-${id}`,
      Aliases: spec.aliases ?? [],
      Origins: spec.origins,
      DefaultCacheBehavior: spec.defaultBehavior,
      CacheBehaviors: spec.behaviors ?? [],
      Comment: '',
      Enabled: true,
      ...(spec.defaultRootObject === undefined ? {} : { DefaultRootObject: spec.defaultRootObject }),
    },
  }
}

export const arnOf = (name: string): string => `arn:aws:cloudfront::123456789012:function/${name}`

/** Loads `code` (cloudfront-js-2.0) and puts it in the replica under `arnOf(name)`. */
export function putFunction(
  replica: EdgeReplica,
  name: string,
  code: string,
  keyValueStore?: MemoryKeyValueStore,
): string {
  const arn = arnOf(name)
  replica.putFunction(
    arn,
    loadFunction({ code, runtime: 'cloudfront-js-2.0', name, ...(keyValueStore ? { keyValueStore } : {}) }),
  )
  return arn
}

export interface TestEdge {
  readonly url: string
  readonly port: number
  readonly replica: EdgeReplica
  readonly cache: MemoryCacheStore
  close(): Promise<void>
}

/** A viewer server on 127.0.0.1 port 0 with a memory cache; `close` also disposes the functions. */
export async function startEdge(
  replica: EdgeReplica,
  options: Partial<EdgeServerOptions> = {},
): Promise<TestEdge> {
  const cache = new MemoryCacheStore({ maxSizeBytes: 1024 * 1024 })
  const edge = createEdgeServer({ replica, cache, edgeId: 'test-edge', ...options })
  const { url, port } = await edge.listen(0, '127.0.0.1')
  return {
    url,
    port,
    replica,
    cache,
    close: async () => {
      await edge.close()
      replica.dispose()
    },
  }
}

/** An edge serving one distribution over an origin of its own: the setup most edge tests share. */
export interface EdgeOverOrigin {
  readonly origin: TestOrigin
  readonly edge: TestEdge
  /** Closes the edge (disposing its functions), then the origin. */
  close(): Promise<void>
}

export interface EdgeOverOriginSetup {
  /** How the origin answers; default `origin saw <url>`. */
  origin?: OriginHandler
  /** Its Id in the distribution, where it comes first (`localOrigin`, with `originConfig`). */
  originId: string
  originConfig?: Partial<Origin>
  /** Function code by name, loaded (cloudfront-js-2.0) under `arnOf(name)`. */
  functions?: Record<string, string>
  /** The key value store associated with every function of `functions`. */
  keyValueStore?: MemoryKeyValueStore
  /** The one distribution the edge serves; `origins` lists any origins after the edge's own. */
  distribution: Omit<DistributionSpec, 'origins'> & { origins?: Origin[] }
  /** Options of the viewer server: a clock, a logger, a body cap... */
  server?: Partial<EdgeServerOptions>
}

/** Starts the origin, loads the functions and the distribution into a replica, and starts the edge. */
export async function startEdgeOverOrigin(setup: EdgeOverOriginSetup): Promise<EdgeOverOrigin> {
  const origin = await startOrigin(setup.origin)
  const replica = new EdgeReplica()
  try {
    for (const [name, code] of Object.entries(setup.functions ?? {}))
      putFunction(replica, name, code, setup.keyValueStore)
    const own = localOrigin(setup.originId, origin.port, setup.originConfig)
    replica.putDistribution(
      distribution({ ...setup.distribution, origins: [own, ...(setup.distribution.origins ?? [])] }),
    )
    const edge = await startEdge(replica, setup.server)
    return {
      origin,
      edge,
      close: async () => {
        await edge.close()
        await origin.close()
      },
    }
  } catch (error) {
    replica.dispose()
    await origin.close()
    throw error
  }
}

export interface ViewerReply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** One viewer request with a chosen Host header (fetch cannot set Host). */
export function viewerRequest(
  edge: { port: number },
  path: string,
  options: { host?: string; method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<ViewerReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: edge.port,
        path,
        method: options.method ?? 'GET',
        agent: false,
        headers: { host: options.host ?? 'e1testdist.verge.test', ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

export { EdgeReplica }
