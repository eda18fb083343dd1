import { ChangeKind } from '../../../sync/index.js'
import type { SecretBox } from '../../auth/secret-box.js'
import { CertificateError } from '../../errors.js'
import type { CertificateRecord, StateReader, StateStore } from '../../state/state-store.js'
import { distributionArn } from '../distributions/distribution-ids.js'
import { checkCertificateArn, newCertificateArn } from './certificate-arn.js'
import { distributionsUsingCertificate, uncoveredAliases } from './certificate-coverage.js'
import { type CertificateImport, checkCertificateImport } from './certificate-pem.js'
import { type CertificateStatus, type CertificateView, certificateView } from './certificate-view.js'

/** ACM's default quota of imported certificates ("Quotas", imported certificates per year). */
export const DEFAULT_MAX_CERTIFICATES = 2_500
/** ListCertificates takes MaxItems from 1 to 1000. */
export const MAX_LIST_CERTIFICATES = 1_000

export interface CertificateServiceOptions {
  state: StateStore
  accountId: string
  /** Seals private keys before they reach the state store. */
  secrets: SecretBox
  maxCertificates?: number
  clock?: () => Date
}

/** Imported certificates (ACM's API, the operations CloudFront needs). */
export interface CertificateService {
  /** Imports a new certificate, or re-imports (replaces) `certificateArn`. Returns the ARN. */
  importCertificate(input: CertificateImport & { certificateArn?: string | undefined }): Promise<string>
  describeCertificate(arn: string): Promise<CertificateView>
  /** Sorted by ARN; `nextToken` is the previous page's. */
  listCertificates(options?: {
    nextToken?: string | undefined
    maxItems?: number | undefined
    statuses?: readonly string[] | undefined
  }): Promise<{ items: CertificateView[]; nextToken?: string }>
  /** The certificate and chain, never the key. */
  getCertificate(arn: string): Promise<{ certificate: string; certificateChain?: string }>
  /** Refused (ResourceInUseException) while a distribution names it. */
  deleteCertificate(arn: string): Promise<void>
}

const encodeToken = (arn: string) => Buffer.from(arn, 'utf8').toString('base64url')

function decodeToken(token: string): string {
  const arn = Buffer.from(token, 'base64url').toString('utf8')
  if (!arn.startsWith('arn:aws:acm:'))
    throw new CertificateError('InvalidArgsException', 'The NextToken is not one ListCertificates returned.')
  return arn
}

export function createCertificateService(options: CertificateServiceOptions): CertificateService {
  const { state, accountId, secrets } = options
  const clock = options.clock ?? (() => new Date())
  const maxCertificates = options.maxCertificates ?? DEFAULT_MAX_CERTIFICATES

  async function find(reader: Pick<StateReader, 'getCertificate'>, arn: unknown): Promise<CertificateRecord> {
    const checked = checkCertificateArn(arn, accountId)
    const record = await reader.getCertificate(checked)
    if (record === undefined)
      throw new CertificateError('ResourceNotFoundException', `Could not find certificate ${checked}.`)
    return record
  }

  async function view(reader: StateReader, record: CertificateRecord): Promise<CertificateView> {
    const users = await distributionsUsingCertificate(reader, record.arn)
    return certificateView(
      record,
      users.map((u) => distributionArn(accountId, u.id)),
      clock(),
    )
  }

  return {
    async importCertificate(input) {
      const now = clock()
      const checked = checkCertificateImport(input, now)
      return state.transaction(async (tx) => {
        let created = now
        let arn: string
        if (input.certificateArn !== undefined) {
          const current = await find(tx, input.certificateArn)
          arn = current.arn
          created = current.created
          // A distribution keeps serving its aliases with what replaces the certificate.
          for (const user of await distributionsUsingCertificate(tx, arn)) {
            const uncovered = uncoveredAliases(checked.certificate, user.aliases)
            if (uncovered.length > 0) {
              throw new CertificateError(
                'ValidationException',
                `The new certificate does not cover ${uncovered.join(', ')} of distribution ${user.id}, which uses ${arn}.`,
              )
            }
          }
        } else {
          if ((await tx.countCertificates()) >= maxCertificates) {
            throw new CertificateError(
              'LimitExceededException',
              `This account already has ${maxCertificates} certificates.`,
            )
          }
          arn = newCertificateArn(accountId)
        }
        const sealedPrivateKey = secrets.seal(checked.privateKey)
        await tx.putCertificate({
          arn,
          certificate: checked.certificate,
          ...(checked.certificateChain === undefined ? {} : { certificateChain: checked.certificateChain }),
          sealedPrivateKey,
          created,
          importedAt: now,
        })
        await tx.appendChange({
          kind: ChangeKind.certificatePut,
          payload: {
            arn,
            certificate: checked.certificate,
            ...(checked.certificateChain === undefined ? {} : { certificateChain: checked.certificateChain }),
            privateKey: sealedPrivateKey,
          },
        })
        return arn
      })
    },

    async describeCertificate(arn) {
      return view(state, await find(state, arn))
    },

    async listCertificates(listOptions = {}) {
      const maxItems = listOptions.maxItems ?? MAX_LIST_CERTIFICATES
      if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > MAX_LIST_CERTIFICATES) {
        throw new CertificateError(
          'ValidationException',
          `MaxItems must be an integer from 1 to ${MAX_LIST_CERTIFICATES}.`,
        )
      }
      const statuses = new Set<string>(listOptions.statuses ?? [])
      const wanted = (status: CertificateStatus) => statuses.size === 0 || statuses.has(status)
      let afterArn = listOptions.nextToken === undefined ? undefined : decodeToken(listOptions.nextToken)
      const items: CertificateView[] = []
      // Filtered by status after reading, so a page may take more than one read.
      for (;;) {
        const rows = await state.listCertificates({
          limit: maxItems + 1,
          ...(afterArn === undefined ? {} : { afterArn }),
        })
        for (const [i, row] of rows.entries()) {
          if (i === maxItems) break
          afterArn = row.arn
          const shown = await view(state, row)
          if (!wanted(shown.status)) continue
          items.push(shown)
          if (items.length === maxItems) {
            const more = i + 1 < rows.length
            return more ? { items, nextToken: encodeToken(row.arn) } : { items }
          }
        }
        if (rows.length <= maxItems) return { items }
      }
    },

    async getCertificate(arn) {
      const record = await find(state, arn)
      return {
        certificate: record.certificate,
        ...(record.certificateChain === undefined ? {} : { certificateChain: record.certificateChain }),
      }
    },

    async deleteCertificate(arn) {
      await state.transaction(async (tx) => {
        const record = await find(tx, arn)
        const users = await distributionsUsingCertificate(tx, record.arn)
        if (users.length > 0) {
          throw new CertificateError(
            'ResourceInUseException',
            `Certificate ${record.arn} is in use by ${users.map((u) => distributionArn(accountId, u.id)).join(', ')}.`,
          )
        }
        await tx.deleteCertificate(record.arn)
        await tx.appendChange({ kind: ChangeKind.certificateDeleted, payload: { arn: record.arn } })
      })
    },
  }
}
