import type { CfEvent } from '../../runtime/index.js'
import { buildRequestEvent } from '../../runtime/index.js'
import type { RoutedBehavior, RoutedDistribution } from '../router.js'
import { type RawHeaders, withoutHeader } from './headers.js'
import type { ViewerRequest } from './viewer-messages.js'

/** One routed request on its way through the stages. */
export interface Pass {
  readonly request: ViewerRequest
  readonly requestId: string
  readonly routed: RoutedDistribution
  readonly behavior: RoutedBehavior
  /** Built on first use, shared by the viewer-request and viewer-response functions. */
  requestEvent: CfEvent | undefined
  /**
   * The viewer-request event with the request as the function left it (its headers, cookies,
   * query and uri), set by stage 2 when a function ran: what the viewer-response event carries.
   */
  afterFunction: CfEvent | undefined
}

/**
 * The viewer's headers as a function sees them: with `cloudfront-forwarded-proto`, the scheme
 * the viewer really used (CloudFront's header of that name; what a viewer sends is replaced).
 */
function withViewerProtocol(request: ViewerRequest): RawHeaders {
  return [
    ...withoutHeader(request.headers, 'cloudfront-forwarded-proto'),
    'cloudfront-forwarded-proto',
    request.protocol,
  ]
}

/** The viewer-request event of this request (a viewer-response event is built on top of it). */
export function requestEventOf(pass: Pass): CfEvent {
  if (pass.requestEvent !== undefined) return pass.requestEvent
  const { request, routed } = pass
  pass.requestEvent = buildRequestEvent(
    {
      method: request.method,
      url: request.target,
      rawHeaders: withViewerProtocol(request),
      clientIp: request.clientIp,
    },
    {
      eventType: 'viewer-request',
      distributionDomainName: routed.distribution.DomainName,
      distributionId: routed.distribution.Id,
      requestId: pass.requestId,
    },
  )
  return pass.requestEvent
}

/**
 * The event a viewer-response event is built on: the viewer-request event, with the request as
 * the viewer-request function left it when one ran (`afterFunction`, set by stage 2).
 */
export function responseBaseOf(pass: Pass): CfEvent {
  return pass.afterFunction ?? requestEventOf(pass)
}
