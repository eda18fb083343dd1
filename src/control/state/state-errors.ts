import { VergeError } from '../../shared/index.js'

/**
 * Why the control plane refuses to open its database: the file is there but empty
 * (`DatabaseEmpty`), is not an SQLite database (`NotADatabase`), or fails SQLite's integrity
 * check (`DatabaseCorrupt`). Starting on any of them as if it were a fresh install would
 * replicate an empty state to every edge.
 */
export type StateStoreErrorCode = 'DatabaseEmpty' | 'NotADatabase' | 'DatabaseCorrupt'

export class StateStoreError extends VergeError<StateStoreErrorCode> {
  /** The database file concerned. */
  readonly file: string

  constructor(code: StateStoreErrorCode, file: string, message: string, options?: ErrorOptions) {
    super(code, message, options)
    this.name = 'StateStoreError'
    this.file = file
  }
}
