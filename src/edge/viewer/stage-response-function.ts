import { applyResponse, buildResponseEvent } from '../../runtime/index.js'
import type { EdgeContext } from './context.js'
import { failureReply, runViewerFunction } from './function-outcome.js'
import { flattenHeaders } from './headers.js'
import { type Pass, responseBaseOf } from './pass.js'
import type { Reply } from './reply.js'
import type { Served } from './stage-cache.js'

/**
 * Stage 5: the viewer-response function, if the behavior has one and the status is below 400
 * (CloudFront does not invoke it for 400 and above). Its event carries the request as the
 * viewer-request function left it. The function sees no body; unless it sets one, the served
 * body passes through.
 */
export async function runResponseFunction(ctx: EdgeContext, pass: Pass, served: Served): Promise<Reply> {
  const { statusCode, statusMessage, rawHeaders, body } = served.source
  const arn = pass.behavior.viewerResponseArn
  const reply: Reply = {
    kind: 'reply',
    statusCode,
    statusMessage,
    headers: rawHeaders,
    body,
    cache: served.cache,
    age: served.age,
  }
  if (arn === undefined || statusCode >= 400) return reply
  const fn = ctx.replica.function(arn)
  if (fn === undefined) return failureReply(pass, { kind: 'not-loaded' })
  const event = buildResponseEvent(responseBaseOf(pass), { statusCode, statusMessage, rawHeaders })
  const outcome = await runViewerFunction(ctx, pass, arn, fn, event)
  if (outcome.kind !== 'response') return failureReply(pass, outcome)
  const applied = applyResponse(event, outcome.response)
  return {
    ...reply,
    statusCode: applied.statusCode,
    statusMessage: applied.statusMessage,
    headers: flattenHeaders(applied.headers),
    body: applied.body ?? body,
  }
}
