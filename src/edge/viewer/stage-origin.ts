import type { OriginResponse } from '../origin/origin-client.js'
import { OriginError } from '../origin/origin-errors.js'
import { applyOriginChange, resolveOrigin } from '../origin/origin-target.js'
import { hasBody, ViewerBody } from '../viewer-body.js'
import type { EdgeContext } from './context.js'
import type { Pass } from './pass.js'
import { errorReply, GONE, type Gone, type Reply } from './reply.js'
import type { Lookup } from './stage-cache.js'
import type { Forward } from './stage-request-function.js'

/** The origin's answer to the forwarded request. */
export interface Fetched {
  readonly kind: 'fetched'
  readonly response: OriginResponse
}

const EMPTY = new Uint8Array(0)

/**
 * Stage 4: the origin (or origin group), with the origin changes the function recorded.
 * Functions never see the body: it streams from the viewer to the origin, counted against the
 * cap, never held whole; GET and HEAD bodies are not forwarded. Unreachable → 502, timeout →
 * 504, a body past the cap → 413.
 */
export async function fetchOrigin(
  ctx: EdgeContext,
  pass: Pass,
  forward: Forward,
  lookup: Lookup,
): Promise<Fetched | Reply | Gone> {
  const { request, behavior, requestId } = pass
  const origin = behavior.targetOrigin
  if (origin === undefined) return errorReply('OriginUnreachable', requestId)
  const method = request.method
  const bodyless = method === 'GET' || method === 'HEAD'
  const streamed =
    bodyless || request.body === undefined || !hasBody(request.headers)
      ? undefined
      : new ViewerBody(request.body, request.headers, ctx.maxRequestBodyBytes)
  try {
    const base = resolveOrigin(origin, request.protocol)
    const target =
      forward.originChange === undefined
        ? base
        : applyOriginChange(forward.originChange, base, pass.routed.originsById, request.protocol)
    await streamed?.firstChunk()
    // Gone before its body began: nobody to answer, nothing to send the origin.
    if (streamed?.viewerGone === true) return GONE
    const response = await ctx.origins.fetch(target, {
      method,
      path: forward.originPath,
      headers: lookup.originHeaders,
      body: bodyless ? undefined : (streamed ?? EMPTY),
      clientIp: request.clientIp,
      viewerProtocol: request.protocol,
      requestId,
      via: ctx.via,
    })
    ctx.metrics?.originFetch(pass.routed.distribution.Id, undefined)
    return { kind: 'fetched', response }
  } catch (error) {
    // Past the cap the origin request was aborted; the viewer gets 413 and the connection closes.
    if (streamed?.overCap === true) return errorReply('RequestBodyTooLarge', requestId)
    if (!(error instanceof OriginError)) throw error
    ctx.metrics?.originFetch(pass.routed.distribution.Id, error.code)
    ctx.logger?.error?.(`edge: ${error.message}`, error)
    return errorReply(error.code === 'OriginTimeout' ? 'OriginTimeout' : 'OriginUnreachable', requestId)
  } finally {
    // The origin has answered or failed: whatever of the body is left stays unread.
    streamed?.stop()
  }
}
