import { channel } from 'node:diagnostics_channel'

/**
 * Errors of connections nobody is waiting on (an idle pool connection, the LISTEN connection:
 * the server restarted, the network dropped): published, never thrown; the next query, or the
 * listener's retry, opens a new connection.
 */
export const postgresPoolErrorChannel = channel('verge:control:state:postgres-pool-error')
