import type { IncomingMessage } from 'node:http'

/** The viewer's address as CloudFront reports it (`viewer.ip`, `X-Forwarded-For`). */
export function clientIp(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? ''
  // "::ffff:127.0.0.1" on a dual-stack socket: CloudFront shows the IPv4 form.
  return address.startsWith('::ffff:') ? address.slice(7) : address
}

/** Lowercase name → value (repeats joined by `, `): what the cache needs for Vary and validators. */
export function headerLookup(headers: readonly (readonly [string, string])[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of headers) {
    const lower = name.toLowerCase()
    const prev = out[lower]
    out[lower] = prev === undefined ? value : `${prev}, ${value}`
  }
  return out
}

/** The viewer's headers as pairs, for a behavior without a viewer-request function. */
export function viewerHeaders(raw: readonly string[], dropCookies: boolean): [string, string][] {
  const out: [string, string][] = []
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (dropCookies && raw[i]!.toLowerCase() === 'cookie') continue
    out.push([raw[i]!, raw[i + 1]!])
  }
  return out
}
