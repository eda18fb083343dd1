import { newRequestId } from '../request-id.js'
import type { EdgeContext } from './context.js'
import type { Pass } from './pass.js'
import { errorReply, finish, type Gone, type Reply } from './reply.js'
import { lookUpCache, storeInCache } from './stage-cache.js'
import { fetchOrigin } from './stage-origin.js'
import { runRequestFunction } from './stage-request-function.js'
import { runResponseFunction } from './stage-response-function.js'
import { type Routed, route } from './stage-route.js'
import type { ViewerRequest, ViewerResponse } from './viewer-messages.js'

async function serve(
  ctx: EdgeContext,
  request: ViewerRequest,
  requestId: string,
  routed: Routed,
): Promise<Reply | Gone> {
  const pass: Pass = {
    request,
    requestId,
    routed: routed.routed,
    behavior: routed.behavior,
    requestEvent: undefined,
    afterFunction: undefined,
  }
  const forward = runRequestFunction(ctx, pass)
  if (forward.kind === 'reply') return forward
  const lookup = await lookUpCache(ctx, pass, forward)
  if (lookup.kind === 'served') return runResponseFunction(ctx, pass, lookup)
  const fetched = await fetchOrigin(ctx, pass, forward, lookup)
  if (fetched.kind !== 'fetched') return fetched
  const served = await storeInCache(ctx, pass, forward, lookup, fetched.response)
  return runResponseFunction(ctx, pass, served)
}

/**
 * The viewer pipeline, without a socket: route → viewer-request function → cache → origin →
 * viewer-response function → the response with the edge's headers. Never throws: every failure
 * becomes a CloudFront-shaped error response. Undefined when the viewer left before the answer
 * (nothing to send: the connection is dropped).
 */
export async function handleViewer(
  ctx: EdgeContext,
  request: ViewerRequest,
): Promise<ViewerResponse | undefined> {
  const requestId = newRequestId()
  const metrics = ctx.metrics
  const started = metrics === undefined ? 0 : performance.now()
  let distributionId = NO_DISTRIBUTION
  let reply: Reply | Gone
  try {
    const routed = route(ctx, request, requestId)
    if (routed.kind === 'reply') reply = routed
    else {
      distributionId = routed.routed.distribution.Id
      reply = await serve(ctx, request, requestId, routed)
    }
  } catch (error) {
    ctx.logger?.error?.('request failed', error)
    reply = errorReply('InternalError', requestId)
  }
  if (reply.kind === 'gone') return undefined
  const response = finish(ctx, request, requestId, reply)
  metrics?.viewerRequest(distributionId, response.status, reply.cache, (performance.now() - started) / 1000)
  return response
}

/** The `distribution` label of a request no distribution serves (unknown Host). */
const NO_DISTRIBUTION = 'none'

/** The response for a failure after `handleViewer` answered (the answer could not be written). */
export function internalErrorResponse(
  ctx: EdgeContext,
  request: ViewerRequest,
  requestId: string,
): ViewerResponse {
  return finish(ctx, request, requestId, errorReply('InternalError', requestId))
}
