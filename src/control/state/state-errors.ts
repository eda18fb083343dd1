import { VergeError } from '../../shared/index.js'

/**
 * Why the control plane refuses to open its database: the file is there but empty
 * (`DatabaseEmpty`), is not an SQLite database (`NotADatabase`), or fails SQLite's integrity
 * check (`DatabaseCorrupt`); starting on any of them as if it were a fresh install would
 * replicate an empty state to every edge. A newer Verge migrated the schema past what this one
 * knows (`SchemaTooNew`). PostgreSQL would not make commits durable (`NotDurable`: `fsync`
 * off), its database cannot hold Verge's text (`UnsupportedDatabase`: not UTF-8), or it
 * cannot be reached or signed in to (`DatabaseUnavailable`).
 */
export type StateStoreErrorCode =
  | 'DatabaseEmpty'
  | 'NotADatabase'
  | 'DatabaseCorrupt'
  | 'SchemaTooNew'
  | 'NotDurable'
  | 'UnsupportedDatabase'
  | 'DatabaseUnavailable'

export class StateStoreError extends VergeError<StateStoreErrorCode> {
  /** The database concerned: SQLite's file, or PostgreSQL's URL without its password. */
  readonly file: string

  constructor(code: StateStoreErrorCode, file: string, message: string, options?: ErrorOptions) {
    super(code, message, options)
    this.name = 'StateStoreError'
    this.file = file
  }
}

/** A database whose schema a newer Verge wrote: refused, never migrated down or overwritten. */
export function schemaTooNew(where: string, found: number, known: number): StateStoreError {
  return new StateStoreError(
    'SchemaTooNew',
    where,
    `The state database ${where} has schema version ${found}; this Verge knows versions up to ${known}. ` +
      'Run the newer Verge that migrated it, or restore a backup made before the upgrade.',
  )
}
