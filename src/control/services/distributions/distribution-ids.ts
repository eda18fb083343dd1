import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'

/** A distribution Id like CloudFront's `E1U5RQF7T870K0`: `E` + 13 uppercase alphanumerics. */
export function newDistributionId(): string {
  let id = 'E'
  // 256 % 36 = 4: a bias under 2 %, harmless for an identifier checked for uniqueness.
  for (const byte of randomBytes(13)) id += ALPHABET[byte % ALPHABET.length]
  return id
}

const DISTRIBUTION_ID = /^E[0-9A-Z]{13}$/

export function isDistributionId(id: string): boolean {
  return DISTRIBUTION_ID.test(id)
}

/** `arn:aws:cloudfront::<account>:distribution/<Id>`. */
export function distributionArn(accountId: string, id: string): string {
  return `arn:aws:cloudfront::${accountId}:distribution/${id}`
}

/** The distribution's own host name, `<id lowercased>.<suffix>` (CloudFront's is `d…cloudfront.net`). */
export function distributionDomainName(id: string, suffix: string): string {
  return `${id.toLowerCase()}.${suffix}`
}
