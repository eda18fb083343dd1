import { channel } from 'node:diagnostics_channel'
import type Database from 'better-sqlite3'
import { scoped } from './state-scope.js'
import type { StateTransaction } from './state-store.js'

/**
 * Published with `{ transactions }` after each durable commit of the SQLite writer: how many
 * transactions that one commit (one fsync) made durable.
 */
export const sqliteCommitChannel = channel('verge:control:state:sqlite-commit')

/** At most this many transactions share one commit, so that none waits behind an endless group. */
export const MAX_GROUP_TRANSACTIONS = 256

interface Member {
  fn: (tx: StateTransaction) => Promise<unknown>
  resolve(value: unknown): void
  reject(error: unknown): void
}

export interface GroupCommit {
  transaction<T>(fn: (tx: StateTransaction) => Promise<T>): Promise<T>
  /** Resolves once every transaction asked for so far has ended. */
  drain(): Promise<void>
}

/**
 * Group commit on SQLite's single writer. With `synchronous = FULL` each COMMIT waits for an
 * fsync, which costs more than the work of a PutKey; so the transactions that arrive together
 * (in the same turn of the event loop) run one after the other inside one BEGIN IMMEDIATE, each
 * in a SAVEPOINT of its own, and share one COMMIT. A transaction that throws rolls back to its
 * savepoint: only its own writes are undone and only it fails. Each resolves only after the
 * shared COMMIT, so an acknowledged write is still on disk before it is acknowledged; if that
 * COMMIT fails, every member of the group fails with its error.
 */
export function createGroupCommit(writer: Database.Database, tx: StateTransaction): GroupCommit {
  let pending: Member[] = []
  let scheduled = false
  let chain: Promise<void> = Promise.resolve()

  const schedule = () => {
    if (scheduled) return
    scheduled = true
    // setImmediate: the requests read in this turn of the event loop join the group first.
    chain = chain.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(runGroup)
  }

  async function runGroup(): Promise<void> {
    scheduled = false
    const group = pending.slice(0, MAX_GROUP_TRANSACTIONS)
    pending = pending.slice(group.length)
    if (pending.length > 0) schedule()
    try {
      await commitGroup(group)
    } catch (error) {
      // BEGIN itself failed (the database is locked by another process, say): the group fails.
      if (writer.inTransaction) writer.exec('ROLLBACK')
      for (const member of group) member.reject(error)
    }
  }

  async function commitGroup(group: Member[]): Promise<void> {
    let done: { member: Member; result: unknown }[] = []
    writer.exec('BEGIN IMMEDIATE')
    for (const member of group) {
      // An I/O or full-disk error makes SQLite roll the whole transaction back by itself: the
      // members already run lost their writes with it, and fail; the rest start a new one.
      if (!writer.inTransaction) writer.exec('BEGIN IMMEDIATE')
      let open = true
      writer.exec('SAVEPOINT member')
      try {
        const result = await member.fn(scoped(tx, () => open, 'state transaction'))
        open = false
        writer.exec('RELEASE member')
        done.push({ member, result })
      } catch (error) {
        open = false
        if (writer.inTransaction) {
          writer.exec('ROLLBACK TO member')
          writer.exec('RELEASE member')
        } else {
          for (const lost of done) lost.member.reject(error)
          done = []
        }
        member.reject(error)
      }
    }
    try {
      if (writer.inTransaction) writer.exec('COMMIT')
    } catch (error) {
      if (writer.inTransaction) writer.exec('ROLLBACK')
      for (const { member } of done) member.reject(error)
      return
    }
    if (done.length > 0) sqliteCommitChannel.publish({ transactions: done.length })
    for (const { member, result } of done) member.resolve(result)
  }

  return {
    transaction<T>(fn: (tx: StateTransaction) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        pending.push({ fn, resolve: resolve as (value: unknown) => void, reject })
        schedule()
      })
    },
    async drain() {
      while (scheduled || pending.length > 0) await chain
      await chain
    },
  }
}
