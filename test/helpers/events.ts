import type { CfEvent } from '../../src/runtime/index.js'

/** A viewer-request event as TestFunction receives it ('Test functions'). */
export function viewerRequestEvent(uri: string, extra: Partial<CfEvent['request']> = {}): CfEvent {
  return {
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '198.51.100.11' },
    request: {
      method: 'GET',
      uri,
      querystring: {},
      headers: { host: { value: 'example.org' } },
      cookies: {},
      ...extra,
    },
  }
}

/** A viewer-response event with a 200 from the origin. */
export function viewerResponseEvent(uri: string): CfEvent {
  const event = viewerRequestEvent(uri)
  return {
    ...event,
    context: { eventType: 'viewer-response' },
    response: {
      statusCode: 200,
      statusDescription: 'OK',
      headers: { 'content-type': { value: 'text/html' } },
      cookies: {},
    },
  }
}
