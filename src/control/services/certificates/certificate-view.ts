import type { CertificateRecord } from '../../state/state-store.js'
import { type CertificateFacts, certificateFacts } from './certificate-pem.js'

/** ACM's `CertificateStatus` for an imported certificate. */
export type CertificateStatus = 'ISSUED' | 'EXPIRED'

/** A certificate as DescribeCertificate and ListCertificates show it (never its key). */
export interface CertificateView {
  arn: string
  domainName: string
  subjectAlternativeNames: string[]
  serial: string
  subject: string
  issuer: string
  keyAlgorithm: string
  status: CertificateStatus
  notBefore: Date
  notAfter: Date
  createdAt: Date
  importedAt: Date
  /** ARNs of the distributions whose `ViewerCertificate` names it. */
  inUseBy: string[]
  /** `TLS_WEB_SERVER_AUTHENTICATION`, … (ACM's `ExtendedKeyUsageName`). */
  extendedKeyUsages: string[]
}

const EXTENDED_KEY_USAGES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'TLS_WEB_SERVER_AUTHENTICATION',
  '1.3.6.1.5.5.7.3.2': 'TLS_WEB_CLIENT_AUTHENTICATION',
  '1.3.6.1.5.5.7.3.3': 'CODE_SIGNING',
  '1.3.6.1.5.5.7.3.4': 'EMAIL_PROTECTION',
  '1.3.6.1.5.5.7.3.8': 'TIME_STAMPING',
  '1.3.6.1.5.5.7.3.9': 'OCSP_SIGNING',
}

// OpenSSL's one-line-per-part distinguished name, as ACM writes it: `CN=a.example.com,O=Example`.
const oneLine = (name: string) => name.split('\n').filter(Boolean).join(',')

/** The view of a stored certificate, read from its PEM. */
export function certificateView(record: CertificateRecord, inUseBy: string[], now: Date): CertificateView {
  const facts: CertificateFacts = certificateFacts(record.certificate)
  const { x509 } = facts
  return {
    arn: record.arn,
    domainName: facts.domainName,
    subjectAlternativeNames: facts.subjectAlternativeNames,
    serial: (x509.serialNumber.match(/../g) ?? []).join(':').toLowerCase(),
    subject: oneLine(x509.subject),
    issuer: oneLine(x509.issuer),
    keyAlgorithm: facts.keyAlgorithm,
    status: now > facts.notAfter ? 'EXPIRED' : 'ISSUED',
    notBefore: facts.notBefore,
    notAfter: facts.notAfter,
    createdAt: record.created,
    importedAt: record.importedAt,
    inUseBy,
    extendedKeyUsages: (x509.keyUsage ?? []).map((oid) => EXTENDED_KEY_USAGES[oid] ?? oid),
  }
}
