import { randomUUID } from 'node:crypto'
import { CertificateError } from '../../errors.js'

/**
 * CloudFront takes certificates from ACM in US East (N. Virginia) only ("Requirements for using
 * SSL/TLS certificates with CloudFront"): every certificate Verge imports lives there.
 */
export const CERTIFICATE_REGION = 'us-east-1'

const CERTIFICATE_ARN = /^arn:aws:acm:([a-z0-9-]+):(\d{12}):certificate\/([0-9a-f-]{36})$/

/** `arn:aws:acm:us-east-1:<account>:certificate/<uuid>`, new. */
export function newCertificateArn(accountId: string): string {
  return `arn:aws:acm:${CERTIFICATE_REGION}:${accountId}:certificate/${randomUUID()}`
}

/** Checks that `arn` is a certificate ARN (InvalidArnException) of this account and region (ResourceNotFoundException). */
export function checkCertificateArn(arn: unknown, accountId: string): string {
  if (typeof arn !== 'string' || arn === '')
    throw new CertificateError('ValidationException', 'CertificateArn is required.')
  const match = CERTIFICATE_ARN.exec(arn)
  if (match === null)
    throw new CertificateError('InvalidArnException', `The ARN ${arn} is not a certificate ARN.`)
  if (match[1] !== CERTIFICATE_REGION || match[2] !== accountId)
    throw new CertificateError('ResourceNotFoundException', `Could not find certificate ${arn}.`)
  return arn
}
