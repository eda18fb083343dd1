import type { EventType } from './types.js'

// Disallowed headers: never shown to a function, and a function that adds one fails with a 502
// ('Restrictions on edge functions', including the names the current page adds).
const DISALLOWED = new Set([
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'trailer',
  'upgrade',
  'x-accel-buffering',
  'x-accel-charset',
  'x-accel-limit-rate',
  'x-accel-redirect',
  'x-cache',
  'x-forwarded-proto',
  'x-real-ip',
  'x-amzn-auth',
  'x-amzn-cf-billing',
  'x-amzn-cf-id',
  'x-amzn-cf-xff',
  'x-amzn-errortype',
  'x-amzn-fle-profile',
  'x-amzn-header-count',
  'x-amzn-header-order',
  'x-amzn-lambda-integration-tag',
  'x-amzn-requestid',
])

/** Disallowed header names with a wildcard: `X-Amz-Cf-*`, `X-Edge-*`. */
const DISALLOWED_PREFIXES = ['x-amz-cf-', 'x-edge-'] as const

/** True for a lowercase header name that CloudFront hides from functions. */
export function isDisallowedHeader(name: string): boolean {
  if (DISALLOWED.has(name)) return true
  // Cheap pre-check: every prefix starts with "x-".
  if (name.charCodeAt(0) !== 0x78 || name.charCodeAt(1) !== 0x2d) return false
  for (const prefix of DISALLOWED_PREFIXES) if (name.startsWith(prefix)) return true
  return false
}

/** Headers a function may not add, change or remove, per event type (same AWS page). */
export const READ_ONLY_HEADERS: Readonly<Record<EventType, readonly string[]>> = Object.freeze({
  'viewer-request': Object.freeze(['content-length', 'host', 'transfer-encoding', 'via']),
  'viewer-response': Object.freeze([
    'content-encoding',
    'content-length',
    'transfer-encoding',
    'warning',
    'via',
  ]),
})

/**
 * Read-only viewer-response headers that a function may change when it sets a body: AWS tells
 * functions to align them with a new body (event structure page); the edge re-frames the body anyway.
 */
export const BODY_FRAMING_HEADERS: readonly string[] = Object.freeze([
  'content-encoding',
  'content-length',
  'transfer-encoding',
])

/** The characters of an HTTP token (RFC 9110 5.6.2), lowercase letters only. */
const LOWERCASE_TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/

/** Why `name` is not a header name a function may use, or null. */
export function headerNameProblem(name: string): string | null {
  if (LOWERCASE_TOKEN.test(name)) return null
  if (name.length === 0) return 'a header name must not be empty'
  if (/[A-Z]/.test(name) && LOWERCASE_TOKEN.test(name.toLowerCase())) {
    return `header name "${name}" must be lowercase ("${name.toLowerCase()}")`
  }
  return `header name ${JSON.stringify(name)} contains a character not allowed in a header name`
}

// What Node's HTTP stack accepts in a header value: tab, visible ASCII, and bytes 0x80-0xFF.
const BAD_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/

/** Why `value` cannot be sent as a header value, or null. */
export function headerValueProblem(value: string): string | null {
  const bad = BAD_HEADER_VALUE.exec(value)
  if (bad === null) return null
  const code = bad[0].codePointAt(0)!
  const what =
    code === 0x0d
      ? 'a carriage return (CR)'
      : code === 0x0a
        ? 'a line feed (LF)'
        : code === 0
          ? 'a NUL character'
          : code < 0x20 || code === 0x7f
            ? 'a control character'
            : 'a character outside ISO-8859-1'
  return `contains ${what} (U+${code.toString(16).toUpperCase().padStart(4, '0')})`
}
