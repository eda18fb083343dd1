import { isPostgresUrl } from '../../control/state/open-state-store.js'
import { usageError } from '../errors.js'
import type { ParsedFlags, ProcessFlag } from './process-common.js'

/** `--database-url` of `verge control` and `verge start`: the state in PostgreSQL instead of SQLite. */
export const DATABASE_URL_FLAG: ProcessFlag = {
  type: 'string',
  env: 'VERGE_DATABASE_URL',
  placeholder: 'URL',
  description:
    'State in this PostgreSQL database (postgres://user:password@host:5432/db), shared by several control nodes (default: SQLite in the data directory)',
}

/** The flag's URL, checked, or undefined for SQLite. */
export function databaseUrl(flags: ParsedFlags): string | undefined {
  const url = flags.string('database-url')
  if (url !== undefined && !isPostgresUrl(url))
    throw usageError('--database-url (VERGE_DATABASE_URL) must be a postgres:// or postgresql:// URL.')
  return url
}
