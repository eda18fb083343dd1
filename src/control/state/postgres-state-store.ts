import pg from 'pg'
import { PostgresCommitListener } from './postgres-commit-listener.js'
import { isConnectionFailure, postgresPoolErrorChannel } from './postgres-errors.js'
import { PostgresReader } from './postgres-rows.js'
import { migrate, readDatabaseId } from './postgres-schema.js'
import { PostgresTransaction } from './postgres-transaction.js'
import { readsThrough } from './reads-through.js'
import { StateStoreError } from './state-errors.js'
import { scoped } from './state-scope.js'
import type { StateReader, StateStore, StateTransaction } from './state-store.js'

export interface PostgresStateStoreOptions {
  /** `postgres://user:password@host:port/database` (node-postgres' connection string). */
  url: string
  /** Stamps change rows; injectable for tests. */
  clock?: () => Date
  /** Connections kept open at most; default 10. */
  maxConnections?: number
}

/** Serialization failure and deadlock: the transaction lost to another one and can run again. */
const RETRYABLE = new Set(['40001', '40P01'])
const MAX_ATTEMPTS = 64

// BIGINT (int8, oid 20) comes back as a number: times in ms, revisions and counts are far below 2^53.
const INT8_OID = 20
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
}

/** The URL as it may be shown: without its password. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'the PostgreSQL database'
  }
}

function isRetryable(error: unknown): boolean {
  return RETRYABLE.has((error as { code?: unknown }).code as string)
}

function pause(attempt: number): Promise<void> {
  // Jittered, growing to 50 ms: the winners commit while the losers wait.
  const ms = Math.random() * Math.min(50, 2 ** attempt)
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Refuses a server that would lose acknowledged commits or cannot hold Verge's text. */
async function checkServer(client: pg.PoolClient, where: string): Promise<void> {
  const setting = async (name: string) =>
    (await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0]?.[name] ?? ''
  if ((await setting('server_encoding')) !== 'UTF8')
    throw new StateStoreError(
      'UnsupportedDatabase',
      where,
      `The state database ${where} is not UTF8-encoded: create it with ENCODING 'UTF8'.`,
    )
  if ((await setting('fsync')) !== 'on')
    throw new StateStoreError(
      'NotDurable',
      where,
      `PostgreSQL at ${where} runs with fsync = off: a write Verge acknowledged could be lost in a crash. Turn fsync on.`,
    )
  // Each connection asks for synchronous_commit = on; this sees whether the server kept it.
  if ((await setting('synchronous_commit')) === 'off')
    throw new StateStoreError(
      'NotDurable',
      where,
      `PostgreSQL at ${where} runs with synchronous_commit = off: a write Verge acknowledged could be lost in a crash.`,
    )
}

/**
 * Opens the state store on a PostgreSQL database, several control nodes on one database
 * included: the server is checked (UTF8, fsync and synchronous_commit on, so a commit is on
 * disk before a write is acknowledged), the schema migrated (a newer one is refused), and the
 * database's identity read. Transactions are SERIALIZABLE and run again on a serialization
 * conflict; `read` is one REPEATABLE READ, READ ONLY snapshot, which takes no lock writers wait on.
 */
export async function createPostgresStateStore(options: PostgresStateStoreOptions): Promise<StateStore> {
  const where = redactDatabaseUrl(options.url)
  const clock = options.clock ?? (() => new Date())
  const connection: pg.ClientConfig = {
    connectionString: options.url,
    types,
    options: '-c synchronous_commit=on',
    application_name: 'verge-control',
  }
  const pool = new pg.Pool({ ...connection, max: options.maxConnections ?? 10 })
  pool.on('error', (error) => postgresPoolErrorChannel.publish({ error }))
  let databaseId: string
  try {
    const client = await pool.connect()
    try {
      await checkServer(client, where)
      await migrate(client, where)
      databaseId = await readDatabaseId(client)
    } finally {
      client.release()
    }
  } catch (error) {
    await pool.end().catch(() => undefined)
    if (error instanceof StateStoreError) throw error
    throw new StateStoreError(
      'DatabaseUnavailable',
      where,
      `Cannot open the state database ${where}: ${(error as Error).message || String(error)}`,
      { cause: error },
    )
  }
  /** A lost server as `DatabaseUnavailable`; any other error as it is. */
  const unavailable = (error: unknown): unknown =>
    isConnectionFailure(error)
      ? new StateStoreError(
          'DatabaseUnavailable',
          where,
          `The state database ${where} is unavailable: ${(error as Error).message || String(error)}`,
          { cause: error },
        )
      : error
  const reader = new PostgresReader({
    query: (text, values) =>
      pool.query(text, values).catch((error: unknown) => {
        throw unavailable(error)
      }),
  })
  const listener = new PostgresCommitListener(connection)
  const running = new Set<Promise<unknown>>()
  let closed = false

  /** Runs `work` on one client between `begin` and COMMIT; rolls back on any failure. */
  async function onClient<T>(begin: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect()
    let broken: Error | undefined
    try {
      await client.query(begin)
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError
      })
      throw error
    } finally {
      // A connection that cannot even roll back is dropped, not reused.
      client.release(broken)
    }
  }

  async function transact<T>(fn: (tx: StateTransaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await onClient('BEGIN ISOLATION LEVEL SERIALIZABLE', async (client) => {
          let open = true
          try {
            return await fn(scoped(new PostgresTransaction(client, clock), () => open, 'state transaction'))
          } finally {
            open = false
          }
        })
      } catch (error) {
        if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error
        await pause(attempt)
      }
    }
  }

  /** Keeps `work` until it ends (close waits for it); its lost-server error as `DatabaseUnavailable`. */
  function track<T>(work: Promise<T>): Promise<T> {
    const settled = work.catch(() => undefined)
    running.add(settled)
    void settled.then(() => running.delete(settled))
    return work.catch((error: unknown) => {
      throw unavailable(error)
    })
  }

  return {
    kind: 'postgres',
    databaseId,
    ...readsThrough(reader),
    transaction<T>(fn: (tx: StateTransaction) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('The state store is closed.'))
      return track(transact(fn))
    },
    read<T>(fn: (reader: StateReader) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('The state store is closed.'))
      return track(
        onClient('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
          let open = true
          try {
            return await fn(scoped<StateReader>(new PostgresReader(client), () => open, 'state read'))
          } finally {
            open = false
          }
        }),
      )
    },
    watchCommits: (watcher) => listener.watch(watcher),
    async close() {
      if (closed) return
      closed = true
      await listener.close()
      while (running.size > 0) await Promise.all(running)
      await pool.end()
    },
  }
}
