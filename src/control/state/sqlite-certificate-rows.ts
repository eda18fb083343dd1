import type Database from 'better-sqlite3'
import type { CertificateRecord } from './state-store.js'

/** Imported certificates in SQLite: the rows, and the statements that read and write them. */

interface CertificateRow {
  arn: string
  certificate: string
  certificate_chain: string | null
  sealed_private_key: string
  created_ms: number
  imported_ms: number
}

function toCertificateRecord(row: CertificateRow): CertificateRecord {
  return {
    arn: row.arn,
    certificate: row.certificate,
    ...(row.certificate_chain === null ? {} : { certificateChain: row.certificate_chain }),
    sealedPrivateKey: row.sealed_private_key,
    created: new Date(row.created_ms),
    importedAt: new Date(row.imported_ms),
  }
}

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
    this.#put = db.prepare(
      `INSERT INTO certificates (arn, certificate, certificate_chain, sealed_private_key, created_ms, imported_ms)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (arn) DO UPDATE SET certificate = excluded.certificate,
         certificate_chain = excluded.certificate_chain, sealed_private_key = excluded.sealed_private_key,
         created_ms = excluded.created_ms, imported_ms = excluded.imported_ms`,
    )
    this.#delete = db.prepare('DELETE FROM certificates WHERE arn = ?')
  }

  putCertificate(r: CertificateRecord): void {
    this.#put.run(
      r.arn,
      r.certificate,
      r.certificateChain ?? null,
      r.sealedPrivateKey,
      r.created.getTime(),
      r.importedAt.getTime(),
    )
  }

  deleteCertificate(arn: string): void {
    this.#delete.run(arn)
  }
}
