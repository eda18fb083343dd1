import type { OriginChange } from '../../runtime/index.js'
import { applyRequest, applyResponse, requestEventAfterFunction } from '../../runtime/index.js'
import type { EdgeContext } from './context.js'
import { failureReply, runViewerFunction } from './function-outcome.js'
import { flattenHeaders, type RawHeaders, withoutHeader } from './headers.js'
import { type Pass, requestEventOf } from './pass.js'
import type { Reply } from './reply.js'

/** The request the edge forwards to its cache and the origin. */
export interface Forward {
  readonly kind: 'forward'
  /** The uri after the function and `DefaultRootObject`. */
  readonly uri: string
  /** The raw query (after the function), if any. */
  readonly query: string | undefined
  /** What the origin gets: the uri, plus the query when the behavior forwards it. */
  readonly originPath: string
  readonly headers: RawHeaders
  /** The origin changes the function recorded (`cf.updateRequestOrigin`, ...). */
  readonly originChange: OriginChange | undefined
}

function forwardOf(
  pass: Pass,
  path: string,
  headers: RawHeaders,
  originChange: OriginChange | undefined,
): Forward {
  const q = path.indexOf('?')
  let uri = q === -1 ? path : path.slice(0, q)
  const query = q === -1 ? undefined : path.slice(q + 1)
  // DefaultRootObject applies to the root only, after the function (docs/compatibility.md, "Distributions").
  const root = pass.routed.distribution.Config.DefaultRootObject
  if (uri === '/' && root !== undefined && root !== '') uri = root.charCodeAt(0) === 0x2f ? root : `/${root}`
  // Without QueryString forwarding the origin gets no query at all (legacy ForwardedValues).
  const originPath = pass.behavior.forwardQueryString && query !== undefined ? `${uri}?${query}` : uri
  return { kind: 'forward', uri, query, originPath, headers, originChange }
}

/**
 * Stage 2: the viewer-request function, if the behavior has one. Its request goes on; a
 * response it generates goes straight back (no cache, no origin, no viewer-response function,
 * as CloudFront does); a failure stops the request with the edge's error page.
 */
export async function runRequestFunction(ctx: EdgeContext, pass: Pass): Promise<Forward | Reply> {
  const dropCookies = pass.behavior.behavior.ForwardedValues?.Cookies?.Forward === 'none'
  const arn = pass.behavior.viewerRequestArn
  const request = pass.request
  if (arn === undefined) {
    const headers = dropCookies ? withoutHeader(request.headers, 'cookie') : request.headers
    return forwardOf(pass, request.target, headers, undefined)
  }
  const fn = ctx.replica.function(arn)
  if (fn === undefined) return failureReply(pass, { kind: 'not-loaded' })
  const event = requestEventOf(pass)
  const outcome = await runViewerFunction(ctx, pass, arn, fn, event)
  if (outcome.kind === 'response') {
    const applied = applyResponse(event, outcome.response)
    return {
      kind: 'reply',
      statusCode: applied.statusCode,
      statusMessage: applied.statusMessage,
      headers: flattenHeaders(applied.headers),
      body: applied.body ?? new Uint8Array(0),
      cache: 'FunctionGeneratedResponse',
    }
  }
  if (outcome.kind !== 'request') return failureReply(pass, outcome)
  const applied = applyRequest(event, outcome.request)
  const headers = flattenHeaders(applied.headers)
  // The viewer-response function sees this request, before the behavior's cookie forwarding;
  // built only when the behavior has one (the per-request path pays nothing otherwise).
  if (pass.behavior.viewerResponseArn !== undefined)
    pass.afterFunction = requestEventAfterFunction(event, applied)
  return forwardOf(
    pass,
    applied.path,
    dropCookies ? withoutHeader(headers, 'cookie') : headers,
    outcome.originChange,
  )
}
