/**
 * What differs between an HTTP/1.1 and an HTTP/2 exchange once Node's compatibility API has
 * parsed it: HTTP/2 carries the method, target and authority as pseudo-headers, and forbids the
 * connection-specific headers of HTTP/1.1 in a response (RFC 9113 8.2.2). The pipeline sees one
 * shape either way: HTTP/1.1's headers, `Host` included.
 */
import type { RawHeaders } from '../viewer/headers.js'

/** The viewer's headers without pseudo-headers, `:authority` given as `Host` when there is none. */
export function http1HeadersOf(raw: RawHeaders): RawHeaders {
  const out: string[] = []
  let authority: string | undefined
  let host = false
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    if (name.charCodeAt(0) === 0x3a) {
      if (name === ':authority') authority = raw[i + 1]
      continue
    }
    if (!host && name.length === 4 && name.toLowerCase() === 'host') host = true
    out.push(name, raw[i + 1]!)
  }
  if (!host && authority !== undefined) out.unshift('host', authority)
  return out
}

// RFC 9113 8.2.2: a response carrying one of these is malformed (Node refuses to send it).
const CONNECTION_SPECIFIC = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
])

/** A response's headers for HTTP/2: the connection-specific ones left out. */
export function http2ResponseHeaders(raw: RawHeaders): string[] {
  const out: string[] = []
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (CONNECTION_SPECIFIC.has(raw[i]!.toLowerCase())) continue
    out.push(raw[i]!, raw[i + 1]!)
  }
  return out
}
