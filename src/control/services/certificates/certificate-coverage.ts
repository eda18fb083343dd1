import { namesCover } from '../../../sync/index.js'
import { CertificateError, CloudFrontError } from '../../errors.js'
import type { StateReader } from '../../state/state-store.js'
import { forEachDistribution, storedConfig } from '../distributions/distribution-usage.js'
import { checkCertificateArn } from './certificate-arn.js'
import { certificateFacts } from './certificate-pem.js'

/** The aliases that none of the certificate's names covers. */
export function uncoveredAliases(certificatePem: string, aliases: readonly string[]): string[] {
  const names = certificateFacts(certificatePem).subjectAlternativeNames
  return aliases.filter((alias) => !namesCover(names, alias))
}

/**
 * What CloudFront checks of `ViewerCertificate.ACMCertificateArn` (InvalidViewerCertificate):
 * an imported certificate of this account, in us-east-1, not expired, whose names cover every
 * alias of the distribution, wildcards matched as TLS clients match them.
 */
export async function checkViewerCertificate(
  reader: Pick<StateReader, 'getCertificate'>,
  accountId: string,
  arn: string,
  aliases: readonly string[],
  now: Date,
): Promise<void> {
  const refuse = (message: string): never => {
    throw new CloudFrontError('InvalidViewerCertificate', message)
  }
  try {
    checkCertificateArn(arn, accountId)
  } catch (error) {
    if (error instanceof CertificateError) refuse(`The certificate ${arn} does not exist: ${error.message}`)
    throw error
  }
  const record = await reader.getCertificate(arn)
  if (record === undefined) return refuse(`The certificate ${arn} does not exist.`)
  if (certificateFacts(record.certificate).notAfter < now) refuse(`The certificate ${arn} has expired.`)
  const uncovered = uncoveredAliases(record.certificate, aliases)
  if (uncovered.length > 0) {
    refuse(
      `The certificate that is attached to the distribution doesn't cover the alternate domain name (CNAME): ${uncovered.join(', ')}.`,
    )
  }
}

/** The distributions (enabled or not) whose `ViewerCertificate` names `arn`, with their aliases. */
export async function distributionsUsingCertificate(
  reader: StateReader,
  arn: string,
): Promise<{ id: string; aliases: string[] }[]> {
  const users: { id: string; aliases: string[] }[] = []
  await forEachDistribution(reader, (record) => {
    const edge = storedConfig(record).edge
    if (edge.ViewerCertificate?.ACMCertificateArn === arn)
      users.push({ id: record.id, aliases: edge.Aliases })
  })
  return users
}
