import type Database from 'better-sqlite3'
import {
  type CertificateRow,
  certificateUpsert,
  certificateValues,
  toCertificateRecord,
} from './record-rows.js'
import type { CertificateRecord } from './state-store.js'

/** Imported certificates in SQLite: the statements that read and write their rows. */
export class SqliteCertificateReader {
  readonly #get: Database.Statement
  readonly #list: Database.Statement
  readonly #count: Database.Statement

  constructor(db: Database.Database) {
    this.#get = db.prepare('SELECT * FROM certificates WHERE arn = ?')
    this.#list = db.prepare('SELECT * FROM certificates WHERE arn > ? ORDER BY arn LIMIT ?')
    this.#count = db.prepare('SELECT COUNT(*) AS n FROM certificates')
  }

  async getCertificate(arn: string): Promise<CertificateRecord | undefined> {
    const row = this.#get.get(arn) as CertificateRow | undefined
    return row === undefined ? undefined : toCertificateRecord(row)
  }

  async listCertificates(options: { afterArn?: string; limit: number }): Promise<CertificateRecord[]> {
    const rows = this.#list.all(options.afterArn ?? '', options.limit) as CertificateRow[]
    return rows.map(toCertificateRecord)
  }

  async countCertificates(): Promise<number> {
    return (this.#count.get() as { n: number }).n
  }
}

export class SqliteCertificateWriter {
  readonly #put: Database.Statement
  readonly #delete: Database.Statement

  constructor(db: Database.Database) {
    this.#put = db.prepare(certificateUpsert('?, ?, ?, ?, ?, ?'))
    this.#delete = db.prepare('DELETE FROM certificates WHERE arn = ?')
  }

  putCertificate(r: CertificateRecord): void {
    this.#put.run(...certificateValues(r))
  }

  deleteCertificate(arn: string): void {
    this.#delete.run(arn)
  }
}
