import { timingSafeEqual } from 'node:crypto'

/** A loopback address as a socket reports it (IPv4, IPv6, or IPv4 mapped into IPv6). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.')
}

function bearerMatches(authorization: string | undefined, token: string): boolean {
  if (authorization === undefined || !authorization.startsWith('Bearer ') || token === '') return false
  const given = Buffer.from(authorization.slice('Bearer '.length).trim())
  const expected = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/**
 * Whether a scrape of `/metrics` may be answered: always when it arrived on a loopback
 * interface (`localAddress`, where the request was received), else only with
 * `Authorization: Bearer <token>` for one of `tokens` (the edge token, or a metrics token).
 */
export function metricsAccessAllowed(
  localAddress: string | undefined,
  authorization: string | undefined,
  tokens: readonly (string | undefined)[],
): boolean {
  if (isLoopbackAddress(localAddress)) return true
  return tokens.some((token) => token !== undefined && bearerMatches(authorization, token))
}
