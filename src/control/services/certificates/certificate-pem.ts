import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto'
import { certificateDnsNames } from '../../../sync/index.js'
import { CertificateError } from '../../errors.js'

/** ImportCertificate's size limits (ACM API Reference, ImportCertificate request members). */
export const MAX_CERTIFICATE_BYTES = 32_768
export const MAX_PRIVATE_KEY_BYTES = 5_120
export const MAX_CERTIFICATE_CHAIN_BYTES = 2_097_152

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

/** What ImportCertificate takes, as text. */
export interface CertificateImport {
  certificate: string
  privateKey: string
  certificateChain?: string | undefined
}

/** A leaf certificate as ACM describes it, read from its PEM. */
export interface CertificateFacts {
  readonly x509: X509Certificate
  /** The subject's common name, else the first DNS name. */
  readonly domainName: string
  readonly subjectAlternativeNames: string[]
  /** ACM's `KeyAlgorithm`: `RSA_2048`, `EC_prime256v1`, … */
  readonly keyAlgorithm: string
  readonly notBefore: Date
  readonly notAfter: Date
}

function invalid(message: string): CertificateError {
  return new CertificateError('ValidationException', message)
}

function pemBlocks(text: string): string[] {
  return text.match(PEM_CERTIFICATE) ?? []
}

// ACM imports these key types ("Prerequisites for importing certificates").
function keyAlgorithmOf(key: KeyObject): string | undefined {
  const details = key.asymmetricKeyDetails
  if (key.asymmetricKeyType === 'rsa' && [1024, 2048, 3072, 4096].includes(details?.modulusLength ?? 0))
    return `RSA_${details?.modulusLength}`
  if (
    key.asymmetricKeyType === 'ec' &&
    ['prime256v1', 'secp384r1', 'secp521r1'].includes(details?.namedCurve ?? '')
  )
    return `EC_${details?.namedCurve}`
  return undefined
}

function readX509(pem: string, what: string): X509Certificate {
  try {
    return new X509Certificate(pem)
  } catch (error) {
    throw new CertificateError('ValidationException', `The ${what} is not a PEM-encoded X.509 certificate.`, {
      cause: error,
    })
  }
}

/** The facts of a stored (already checked) leaf certificate. */
export function certificateFacts(pem: string): CertificateFacts {
  const x509 = readX509(pem, 'certificate')
  const names = certificateDnsNames(x509.subjectAltName, x509.subject)
  const cn = x509.subject.split('\n').find((line) => line.startsWith('CN='))
  return {
    x509,
    domainName: cn?.slice(3) ?? names[0] ?? '',
    subjectAlternativeNames: names,
    keyAlgorithm: keyAlgorithmOf(x509.publicKey) ?? x509.publicKey.asymmetricKeyType ?? 'unknown',
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
  }
}

/**
 * Checks an import as ACM does before it keeps anything: one PEM certificate, an unencrypted
 * private key of a supported type that matches it, a validity period that includes `now`, at
 * least one DNS name, and a chain (when given) of certificates the first of which issued the leaf.
 * Returns the texts normalized to their PEM blocks.
 */
export function checkCertificateImport(
  input: CertificateImport,
  now: Date,
): CertificateImport & {
  facts: CertificateFacts
} {
  if (Buffer.byteLength(input.certificate) > MAX_CERTIFICATE_BYTES)
    throw invalid(`The certificate is over ${MAX_CERTIFICATE_BYTES} bytes.`)
  if (Buffer.byteLength(input.privateKey) > MAX_PRIVATE_KEY_BYTES)
    throw invalid(`The private key is over ${MAX_PRIVATE_KEY_BYTES} bytes.`)
  if (Buffer.byteLength(input.certificateChain ?? '') > MAX_CERTIFICATE_CHAIN_BYTES)
    throw invalid(`The certificate chain is over ${MAX_CERTIFICATE_CHAIN_BYTES} bytes.`)
  const leafBlocks = pemBlocks(input.certificate)
  if (leafBlocks.length !== 1)
    throw invalid('The certificate field must contain exactly one PEM-encoded certificate.')
  const certificate = `${leafBlocks[0]}\n`
  const facts = certificateFacts(certificate)
  let key: KeyObject
  try {
    key = createPrivateKey(input.privateKey)
  } catch (error) {
    throw new CertificateError(
      'ValidationException',
      'The private key is not a PEM-encoded, unencrypted private key.',
      { cause: error },
    )
  }
  if (keyAlgorithmOf(key) === undefined)
    throw invalid(
      'The private key is not supported: ACM imports RSA 1024-4096 and EC P-256, P-384 and P-521 keys.',
    )
  if (!facts.x509.checkPrivateKey(key)) throw invalid('The private key does not match the certificate.')
  if (now < facts.notBefore)
    throw invalid(`The certificate is not valid before ${facts.notBefore.toISOString()}.`)
  if (now > facts.notAfter) throw invalid(`The certificate expired on ${facts.notAfter.toISOString()}.`)
  if (facts.subjectAlternativeNames.length === 0)
    throw invalid('The certificate names no domain (no DNS subject alternative name and no common name).')
  let certificateChain: string | undefined
  if (input.certificateChain !== undefined && input.certificateChain.trim() !== '') {
    const chain = pemBlocks(input.certificateChain)
    if (chain.length === 0) throw invalid('The certificate chain holds no PEM-encoded certificate.')
    const issuer = readX509(chain[0]!, 'first certificate of the chain')
    for (const [i, block] of chain.entries()) readX509(block, `certificate ${i + 1} of the chain`)
    if (!facts.x509.checkIssued(issuer) || !facts.x509.verify(issuer.publicKey))
      throw invalid('The certificate chain does not start with the certificate that issued the certificate.')
    certificateChain = `${chain.join('\n')}\n`
  }
  return {
    certificate,
    privateKey: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ...(certificateChain === undefined ? {} : { certificateChain }),
    facts,
  }
}
