import Database from 'better-sqlite3'
import { SqliteReader } from './sqlite-rows.js'
import { scoped } from './state-scope.js'
import type { StateReader } from './state-store.js'

/** Idle read connections kept open for the next read; more are opened while reads overlap. */
const MAX_IDLE = 4

interface ReadConnection {
  readonly db: Database.Database
  readonly reader: SqliteReader
  readonly begin: Database.Statement
  readonly pin: Database.Statement
  readonly end: Database.Statement
}

/**
 * `StateStore.read` on SQLite: each read runs in a read transaction of its own read-only
 * connection. In WAL mode such a transaction reads the snapshot of the database as of its
 * first statement and neither waits on the writer nor makes it wait (https://sqlite.org/wal.html,
 * "Concurrency"), so a snapshot streamed for minutes leaves PutKey alone.
 */
export class SqliteReadPool {
  readonly #file: string
  readonly #idle: ReadConnection[] = []
  readonly #active = new Set<Promise<unknown>>()
  #closed = false

  constructor(file: string) {
    this.#file = file
  }

  read<T>(fn: (reader: StateReader) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('The state store is closed.'))
    const run = this.#run(fn)
    const settled = run.catch(() => undefined)
    this.#active.add(settled)
    void settled.then(() => this.#active.delete(settled))
    return run
  }

  /** Waits for the reads in flight, then closes every connection. */
  async close(): Promise<void> {
    this.#closed = true
    await Promise.all(this.#active)
    for (const connection of this.#idle.splice(0)) connection.db.close()
  }

  async #run<T>(fn: (reader: StateReader) => Promise<T>): Promise<T> {
    const connection = this.#idle.pop() ?? this.#open()
    connection.begin.run()
    let open = true
    try {
      // A deferred transaction takes its snapshot at its first read: take it now, so that the
      // revision is the one committed when the read began.
      connection.pin.get()
      return await fn(scoped<StateReader>(connection.reader, () => open, 'state read'))
    } finally {
      open = false
      connection.end.run()
      if (this.#closed || this.#idle.length >= MAX_IDLE) connection.db.close()
      else this.#idle.push(connection)
    }
  }

  #open(): ReadConnection {
    const db = new Database(this.#file, { readonly: true, fileMustExist: true })
    db.pragma('busy_timeout = 5000')
    return {
      db,
      reader: new SqliteReader(db),
      begin: db.prepare('BEGIN'),
      pin: db.prepare('SELECT COALESCE(MAX(revision), 0) AS r FROM changes'),
      end: db.prepare('COMMIT'),
    }
  }
}
