import { channel } from 'node:diagnostics_channel'

/**
 * Errors of connections nobody is waiting on (an idle pool connection, the LISTEN connection:
 * the server restarted, the network dropped): published, never thrown; the next query, or the
 * listener's retry, opens a new connection.
 */
export const postgresPoolErrorChannel = channel('verge:control:state:postgres-pool-error')

// Socket errors (node), and PostgreSQL's classes 08 (connection exception) and 57P01-57P03
// (the server shutting down, crashed, or starting): the server cannot be used now.
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])
const SERVER_GONE = new Set(['57P01', '57P02', '57P03'])

/** Whether `error` says the server is out of reach, rather than that the statement was wrong. */
export function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SERVER_GONE.has(code) || code.startsWith('08')))
    return true
  // node-postgres' own words for a connection that ended under it, or never came.
  return error instanceof Error && /Connection terminated|connection timeout/i.test(error.message)
}
