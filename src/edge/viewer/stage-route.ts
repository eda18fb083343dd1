import { type RoutedBehavior, type RoutedDistribution, selectBehavior } from '../router.js'
import { declaredTooLarge } from '../viewer-body.js'
import type { EdgeContext } from './context.js'
import { firstHeader } from './headers.js'
import { errorReply, type Reply } from './reply.js'
import type { ViewerRequest } from './viewer-messages.js'

/** The distribution and cache behavior that serve a request. */
export interface Routed {
  readonly kind: 'routed'
  readonly routed: RoutedDistribution
  readonly behavior: RoutedBehavior
}

const EMPTY = new Uint8Array(0)

/**
 * Where `redirect-to-https` sends a viewer: the same host and target over HTTPS, on the edge's
 * HTTPS port (none shown for 443); without one known, the Host as the viewer gave it.
 */
export function httpsUrl(host: string, httpsPort: number | undefined, target: string): string {
  if (httpsPort === undefined) return `https://${host}${target}`
  // "name:port", "[v6]:port", "[v6]", "name": the port is what follows the last ':' after any ']'.
  const colon = host.lastIndexOf(':')
  const name = colon > host.lastIndexOf(']') ? host.slice(0, colon) : host
  return `https://${name}${httpsPort === 443 ? '' : `:${httpsPort}`}${target}`
}

/**
 * Stage 1: Host → distribution, path → cache behavior, then what the behavior refuses before
 * any function runs or a byte of the body is read: a method it does not allow, a body declared
 * over the cap, plain HTTP where `ViewerProtocolPolicy` wants HTTPS (when enforced).
 */
export function route(ctx: EdgeContext, request: ViewerRequest, requestId: string): Routed | Reply {
  const host = firstHeader(request.headers, 'host')
  const routed = ctx.replica.router.resolveHost(host, ctx.defaultDistributionId)
  if (routed === undefined) return errorReply('UnknownHost', requestId)
  const target = request.target
  const q = target.indexOf('?')
  const behavior = selectBehavior(routed, q === -1 ? target : target.slice(0, q))
  if (!behavior.allowedMethods.has(request.method)) return errorReply('MethodNotAllowed', requestId)
  if (declaredTooLarge(request.headers, ctx.maxRequestBodyBytes))
    return errorReply('RequestBodyTooLarge', requestId)
  const policy = behavior.behavior.ViewerProtocolPolicy
  if (ctx.enforceViewerProtocolPolicy && request.protocol === 'http' && policy !== 'allow-all') {
    if (policy === 'https-only') return errorReply('ViewerProtocol', requestId)
    return {
      kind: 'reply',
      statusCode: 301,
      statusMessage: undefined,
      headers: ['Location', httpsUrl(host ?? routed.distribution.DomainName, ctx.httpsPort, target)],
      body: EMPTY,
      cache: 'Redirect',
    }
  }
  return { kind: 'routed', routed, behavior }
}
