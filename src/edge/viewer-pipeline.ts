import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CfEvent, CloudFrontFunction, OriginChange } from '../runtime/index.js'
import { applyRequest, applyResponse, buildRequestEvent, buildResponseEvent } from '../runtime/index.js'
import type { EdgeDistribution } from '../sync/distribution.js'
import { ageSeconds, type CachedResponse, type CacheStore, cacheKey, isFresh, varyMatches } from './cache.js'
import { cacheEntryFor } from './cache-policy.js'
import { refreshedEntry, revalidationHeaders } from './cache-revalidate.js'
import type { EdgeErrorKind } from './error-page.js'
import type { FunctionGuard } from './function-guard.js'
import type { OriginClient, OriginResponse } from './origin-client.js'
import { OriginError } from './origin-errors.js'
import { applyOriginChange, resolveOrigin, type ViewerProtocol } from './origin-target.js'
import type { EdgeReplica } from './replica.js'
import { newRequestId } from './request-id.js'
import { type RoutedBehavior, type RoutedDistribution, selectBehavior } from './router.js'
import { declaredTooLarge, hasBody, ViewerBody } from './viewer-body.js'
import { runViewerFunction, type ViewerFunctionRun } from './viewer-functions.js'
import { clientIp, headerLookup, viewerHeaders } from './viewer-request-parts.js'
import { type CacheResult, type EdgeIdentity, sendEdgeError, sendViewerResponse } from './viewer-send.js'

/** What a function printed or why it failed, for the edge's log (spec/runtime.md 6). */
export interface FunctionLogEntry {
  requestId: string
  distributionId: string
  functionArn: string
  eventType: 'viewer-request' | 'viewer-response'
  logs: string[]
  errorMessage?: string
  computeUtilization: number
}

/** Where the edge reports; libraries don't log, the entry point decides (STYLE.md). */
export interface EdgeLogger {
  functionLog?(entry: FunctionLogEntry): void
  error?(message: string, error: unknown): void
}

/** Everything one request needs, built once per server. */
export interface EdgeContext extends EdgeIdentity {
  readonly replica: EdgeReplica
  readonly defaultDistributionId: string | undefined
  readonly cache: CacheStore | undefined
  readonly origins: OriginClient
  readonly viewerProtocol: ViewerProtocol
  /** Apply `ViewerProtocolPolicy` to plain-HTTP viewers (off by default, see EdgeServerOptions). */
  readonly enforceViewerProtocolPolicy: boolean
  readonly now: () => number
  readonly logger: EdgeLogger | undefined
  /** In an edge worker: quarantine and crash attribution around every invocation. */
  readonly functionGuard: FunctionGuard | undefined
}

/** The state of one request through the pipeline. */
interface Pass {
  readonly req: IncomingMessage
  readonly res: ServerResponse
  readonly requestId: string
  readonly method: string
  readonly routed: RoutedDistribution
  readonly behavior: RoutedBehavior
  requestEvent: CfEvent | undefined
}

const EMPTY = new Uint8Array(0)

function fail(ctx: EdgeContext, pass: Pass, kind: EdgeErrorKind): void {
  sendEdgeError(ctx, pass.res, kind, pass.requestId, pass.method)
}

function requestEventOf(pass: Pass, distribution: EdgeDistribution): CfEvent {
  if (pass.requestEvent !== undefined) return pass.requestEvent
  const req = pass.req
  pass.requestEvent = buildRequestEvent(
    { method: pass.method, url: req.url ?? '/', rawHeaders: req.rawHeaders, clientIp: clientIp(req) },
    {
      eventType: 'viewer-request',
      distributionDomainName: distribution.DomainName,
      distributionId: distribution.Id,
      requestId: pass.requestId,
    },
  )
  return pass.requestEvent
}

/**
 * Runs a viewer function through the worker's guard: a quarantined function is not run (503,
 * sent here: returns undefined), any other is marked as running while it runs.
 */
function guardedRun(
  ctx: EdgeContext,
  pass: Pass,
  arn: string,
  fn: CloudFrontFunction,
  event: CfEvent,
): ViewerFunctionRun | undefined {
  const guard = ctx.functionGuard
  if (guard === undefined) return runViewerFunction(fn, event)
  const left = guard.quarantinedFor(arn)
  if (left > 0) {
    const retryAfter = String(Math.ceil(left / 1000))
    sendEdgeError(ctx, pass.res, 'FunctionQuarantined', pass.requestId, pass.method, [
      'Retry-After',
      retryAfter,
    ])
    return undefined
  }
  guard.enter(arn)
  try {
    return runViewerFunction(fn, event)
  } finally {
    guard.leave()
  }
}

function logRun(ctx: EdgeContext, pass: Pass, arn: string, event: CfEvent, run: ViewerFunctionRun): void {
  const sink = ctx.logger?.functionLog
  const result = run.result
  if (sink === undefined || (result.logs.length === 0 && result.errorMessage === undefined)) return
  const message = 'message' in run.outcome ? run.outcome.message : undefined
  sink({
    requestId: pass.requestId,
    distributionId: pass.routed.distribution.Id,
    functionArn: arn,
    eventType: event.context.eventType,
    logs: result.logs,
    ...(message === undefined ? {} : { errorMessage: message }),
    computeUtilization: result.computeUtilization,
  })
}

/**
 * The viewer pipeline (DESIGN.md): Host → distribution, path → cache behavior, viewer-request
 * function, cache, origin, viewer-response function, viewer. Never throws: every failure becomes
 * a CloudFront-shaped error response.
 */
export async function handleViewerRequest(
  ctx: EdgeContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const requestId = newRequestId()
  const method = req.method ?? 'GET'
  const routed = ctx.replica.router.resolveHost(req.headers.host, ctx.defaultDistributionId)
  if (routed === undefined) return sendEdgeError(ctx, res, 'UnknownHost', requestId, method)
  const url = req.url ?? '/'
  const q = url.indexOf('?')
  const behavior = selectBehavior(routed, q === -1 ? url : url.slice(0, q))
  const pass: Pass = { req, res, requestId, method, routed, behavior, requestEvent: undefined }
  try {
    await serve(ctx, pass, url)
  } catch (error) {
    ctx.logger?.error?.('edge: request failed', error)
    if (!res.headersSent) fail(ctx, pass, 'InternalError')
    else res.destroy()
  }
}

async function serve(ctx: EdgeContext, pass: Pass, url: string): Promise<void> {
  const { behavior, routed, method } = pass
  const distribution = routed.distribution
  if (!behavior.allowedMethods.has(method)) return fail(ctx, pass, 'MethodNotAllowed')
  // Refused before a byte of the body is read, and without running a function.
  if (declaredTooLarge(pass.req, ctx.maxRequestBodyBytes)) return fail(ctx, pass, 'RequestBodyTooLarge')
  const policy = behavior.behavior.ViewerProtocolPolicy
  if (ctx.enforceViewerProtocolPolicy && ctx.viewerProtocol === 'http' && policy !== 'allow-all') {
    if (policy === 'https-only') return fail(ctx, pass, 'ViewerProtocol')
    const location = `https://${pass.req.headers.host ?? distribution.DomainName}${url}`
    return sendViewerResponse(ctx, pass.res, {
      statusCode: 301,
      statusMessage: undefined,
      headers: ['Location', location],
      body: EMPTY,
      cache: 'Redirect',
      requestId: pass.requestId,
      method,
    })
  }

  const dropCookies = behavior.behavior.ForwardedValues?.Cookies?.Forward === 'none'
  let path = url
  let headers: [string, string][]
  let originChange: OriginChange | undefined
  const requestArn = behavior.viewerRequestArn
  if (requestArn !== undefined) {
    const fn = ctx.replica.function(requestArn)
    // An association whose function is not on this edge cannot run: the same 503 as a failure [?].
    if (fn === undefined) return fail(ctx, pass, 'FunctionExecutionError')
    const event = requestEventOf(pass, distribution)
    const run = guardedRun(ctx, pass, requestArn, fn, event)
    if (run === undefined) return
    logRun(ctx, pass, requestArn, event, run)
    const outcome = run.outcome
    if (outcome.kind === 'execution-error') return fail(ctx, pass, 'FunctionExecutionError')
    if (outcome.kind === 'invalid-output') return fail(ctx, pass, 'FunctionInvalidOutput')
    if (outcome.kind === 'response') {
      // Straight back: no cache, no origin, no viewer-response function (spec/runtime.md 1.2).
      const applied = applyResponse(event, outcome.response)
      const flat: string[] = []
      for (const [name, value] of applied.headers) flat.push(name, value)
      return sendViewerResponse(ctx, pass.res, {
        statusCode: applied.statusCode,
        statusMessage: applied.statusMessage,
        headers: flat,
        body: applied.body ?? EMPTY,
        cache: 'FunctionGeneratedResponse',
        requestId: pass.requestId,
        method,
      })
    }
    const applied = applyRequest(event, outcome.request)
    path = applied.path
    headers = dropCookies ? applied.headers.filter(([n]) => n !== 'Cookie') : applied.headers
    originChange = outcome.originChange
  } else {
    headers = viewerHeaders(pass.req.rawHeaders, dropCookies)
  }

  const pq = path.indexOf('?')
  let uri = pq === -1 ? path : path.slice(0, pq)
  const query = pq === -1 ? undefined : path.slice(pq + 1)
  // DefaultRootObject applies to the root only, after the function [?].
  const root = distribution.Config.DefaultRootObject
  if (uri === '/' && root !== undefined && root !== '') uri = root.charCodeAt(0) === 0x2f ? root : `/${root}`
  // Without QueryString forwarding the origin gets no query at all (legacy ForwardedValues).
  const originPath = behavior.forwardQueryString && query !== undefined ? `${uri}?${query}` : uri

  const cache = ctx.cache
  const cacheable =
    cache !== undefined && (method === 'GET' || method === 'HEAD') && behavior.cachedMethods.has(method)
  let key: string | undefined
  let lookup: Record<string, string> | undefined
  let stale: CachedResponse | undefined
  let originRequestHeaders = headers
  if (cacheable) {
    key = cacheKey(
      distribution.DomainName,
      uri,
      query,
      behavior.forwardQueryString,
      behavior.queryStringCacheKeys,
    )
    const entry = cache.get(key)
    if (entry !== undefined) {
      const h = headerLookup(headers)
      lookup = h
      if (varyMatches(entry, (name) => h[name])) {
        const now = ctx.now()
        if (isFresh(entry, now)) {
          return respond(ctx, pass, entry, 'Hit', ageSeconds(entry, now))
        }
        // Stale with a validator: ask the origin whether it still holds (RFC 9111 4.3).
        const conditions = revalidationHeaders(entry, h)
        if (conditions.length > 0) {
          stale = entry
          originRequestHeaders = headers.concat(conditions)
        }
      }
    }
  }

  const origin = behavior.targetOrigin
  if (origin === undefined) return fail(ctx, pass, 'OriginUnreachable')
  let response: OriginResponse
  // Functions never see the body: it streams from the viewer to the origin, counted against the
  // cap, never held whole. GET and HEAD bodies are not forwarded.
  const streamed =
    method === 'GET' || method === 'HEAD' || !hasBody(pass.req)
      ? undefined
      : new ViewerBody(pass.req, ctx.maxRequestBodyBytes)
  try {
    const base = resolveOrigin(origin, ctx.viewerProtocol)
    const target =
      originChange === undefined
        ? base
        : applyOriginChange(originChange, base, routed.originsById, ctx.viewerProtocol)
    const body = method === 'GET' || method === 'HEAD' ? undefined : (streamed ?? EMPTY)
    await streamed?.firstChunk()
    // Gone before its body began: nobody to answer, nothing to send the origin.
    if (streamed?.viewerGone === true) {
      pass.res.destroy()
      return
    }
    response = await ctx.origins.fetch(target, {
      method,
      path: originPath,
      headers: originRequestHeaders,
      body,
      clientIp: clientIp(pass.req),
      requestId: pass.requestId,
      via: ctx.via,
    })
  } catch (error) {
    // Past the cap the origin request was aborted; the viewer gets 413 and the connection closes.
    if (streamed?.overCap === true) return fail(ctx, pass, 'RequestBodyTooLarge')
    if (!(error instanceof OriginError)) throw error
    ctx.logger?.error?.(`edge: ${error.message}`, error)
    return fail(ctx, pass, error.code === 'OriginTimeout' ? 'OriginTimeout' : 'OriginUnreachable')
  } finally {
    // The origin has answered or failed: whatever of the body is left stays unread.
    streamed?.stop()
  }

  if (cacheable && key !== undefined) {
    const base = {
      method: 'GET',
      url: originPath,
      requestHeaders: lookup ?? headerLookup(headers),
      ttls: behavior.ttls,
      nowMs: ctx.now(),
    }
    if (stale !== undefined && response.statusCode === 304) {
      const refreshed = refreshedEntry(stale, response.rawHeaders, base)
      if (refreshed === undefined) cache!.delete(key)
      else cache!.set(key, refreshed)
      const entry = refreshed ?? stale
      return respond(ctx, pass, entry, 'RefreshHit', ageSeconds(entry, base.nowMs))
    }
    const entry = cacheEntryFor({ ...base, method, ...response })
    if (entry !== undefined) cache!.set(key, entry)
  }
  return respond(ctx, pass, response, 'Miss', undefined)
}

/** Runs the viewer-response function (if any, and only below 400) and sends the result. */
function respond(
  ctx: EdgeContext,
  pass: Pass,
  source: Pick<CachedResponse, 'statusCode' | 'statusMessage' | 'rawHeaders' | 'body'>,
  cacheResult: CacheResult,
  age: number | undefined,
): void {
  const { statusCode, statusMessage, rawHeaders, body } = source
  const arn = pass.behavior.viewerResponseArn
  // Not invoked when the origin returns 400 or more (spec/runtime.md 1.2).
  if (arn === undefined || statusCode >= 400) {
    sendViewerResponse(ctx, pass.res, {
      statusCode,
      statusMessage,
      headers: rawHeaders,
      body,
      cache: cacheResult,
      requestId: pass.requestId,
      method: pass.method,
      age,
    })
    return
  }
  const fn = ctx.replica.function(arn)
  if (fn === undefined) {
    fail(ctx, pass, 'FunctionExecutionError')
    return
  }
  const requestEvent = requestEventOf(pass, pass.routed.distribution)
  const event = buildResponseEvent(requestEvent, { statusCode, statusMessage, rawHeaders })
  const run = guardedRun(ctx, pass, arn, fn, event)
  if (run === undefined) return
  logRun(ctx, pass, arn, event, run)
  const outcome = run.outcome
  if (outcome.kind !== 'response') {
    fail(ctx, pass, outcome.kind === 'execution-error' ? 'FunctionExecutionError' : 'FunctionInvalidOutput')
    return
  }
  const applied = applyResponse(event, outcome.response)
  const flat: string[] = []
  for (const [name, value] of applied.headers) flat.push(name, value)
  // The function sees no body; omitting `body` passes the origin's through (spec/runtime.md 1.2).
  sendViewerResponse(ctx, pass.res, {
    statusCode: applied.statusCode,
    statusMessage: applied.statusMessage,
    headers: flat,
    body: applied.body ?? body,
    cache: cacheResult,
    requestId: pass.requestId,
    method: pass.method,
    age,
  })
}
