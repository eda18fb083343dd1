import { closeSync, openSync, readSync, rmSync, statSync } from 'node:fs'
import type Database from 'better-sqlite3'
import { StateStoreError } from './state-errors.js'

/** The 16 bytes every SQLite 3 database file begins with (sqlite.org, "Database File Format"). */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1')
/** The database header is the first 100 bytes of the first page. */
const HEADER_BYTES = 100

const RESTORE_HINT =
  'Restore it from a backup, or move it away to start with an empty state (edges will refuse the new database unless told to accept it).'

/**
 * Whether `file` is there; if it is, that it looks like an SQLite database. A missing file is a
 * fresh install; an empty or foreign one is refused (`StateStoreError`), never started over.
 */
export function checkDatabaseFile(file: string): 'missing' | 'present' {
  let size: number
  try {
    size = statSync(file).size
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    throw error
  }
  if (size === 0)
    throw new StateStoreError(
      'DatabaseEmpty',
      file,
      `The state database ${file} is empty (0 bytes). ${RESTORE_HINT}`,
    )
  const header = Buffer.alloc(SQLITE_HEADER.length)
  const fd = openSync(file, 'r')
  try {
    readSync(fd, header, 0, header.length, 0)
  } finally {
    closeSync(fd)
  }
  if (size < HEADER_BYTES || !header.equals(SQLITE_HEADER))
    throw new StateStoreError(
      'NotADatabase',
      file,
      `The state database ${file} is not an SQLite database. ${RESTORE_HINT}`,
    )
  return 'present'
}

/**
 * Runs SQLite's `quick_check` (every page and record well formed, without the index-to-table
 * cross-check of `integrity_check`); about 1 s on a 1.2 GB database (docs/benchmarks.md).
 */
export function checkDatabaseIntegrity(db: Database.Database, file: string): void {
  let problems: string[]
  try {
    problems = (db.pragma('quick_check(5)') as { quick_check: string }[]).map((row) => row.quick_check)
  } catch (error) {
    throw corrupt(file, (error as Error).message, error)
  }
  if (problems.length !== 1 || problems[0] !== 'ok') throw corrupt(file, problems.join('; '))
}

/** What SQLite says when it cannot read the file as a database at all. */
export function isCorruptionError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB'
}

export function corrupt(file: string, detail: string, cause?: unknown): StateStoreError {
  return new StateStoreError(
    'DatabaseCorrupt',
    file,
    `The state database ${file} is corrupt (${detail}). ${RESTORE_HINT}`,
    cause === undefined ? undefined : { cause },
  )
}

/** Removes what an interrupted first start left (`createFreshDatabase`). */
export function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
}
