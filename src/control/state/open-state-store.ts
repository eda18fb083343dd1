import { createPostgresStateStore, redactDatabaseUrl } from './postgres-state-store.js'
import { createSqliteStateStore } from './sqlite-state-store.js'
import type { StateStore } from './state-store.js'

export interface StateStoreLocation {
  /** Holds `verge.db` when there is no `databaseUrl`. */
  dataDir: string
  /** `postgres://…` (or `postgresql://…`): the state lives in that PostgreSQL database. */
  databaseUrl?: string | undefined
}

/** Whether `url` names a PostgreSQL database the state store can open. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url)
}

/** Where the state lives, for people: the SQLite file's directory, or the URL without its password. */
export function describeStateStore(location: StateStoreLocation): string {
  return location.databaseUrl === undefined
    ? `SQLite in ${location.dataDir}`
    : `PostgreSQL ${redactDatabaseUrl(location.databaseUrl)}`
}

/** Opens PostgreSQL when a database URL is given (several control nodes may share it), else SQLite. */
export async function openStateStore(location: StateStoreLocation): Promise<StateStore> {
  if (location.databaseUrl === undefined) return createSqliteStateStore({ dataDir: location.dataDir })
  if (!isPostgresUrl(location.databaseUrl))
    throw new TypeError(`The database URL must begin with postgres:// or postgresql://.`)
  return createPostgresStateStore({ url: location.databaseUrl })
}
