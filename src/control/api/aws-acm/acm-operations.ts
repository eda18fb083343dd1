import { CertificateError } from '../../errors.js'
import type { CertificateService, CertificateView } from '../../services/index.js'
import type { ApiResponse } from '../api-types.js'
import type { AcmInput } from './acm-json.js'

function json(body: unknown): ApiResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(body),
  }
}

// AWS JSON 1.1 sends timestamps as epoch seconds.
const seconds = (date: Date) => date.getTime() / 1000

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '')
    throw new CertificateError('ValidationException', `${name} is required.`)
  return value
}

/** `CertificateDetail` (DescribeCertificate) for an imported certificate. */
function certificateDetail(view: CertificateView): Record<string, unknown> {
  return {
    CertificateArn: view.arn,
    DomainName: view.domainName,
    SubjectAlternativeNames: view.subjectAlternativeNames,
    Serial: view.serial,
    Subject: view.subject,
    Issuer: view.issuer,
    ImportedAt: seconds(view.importedAt),
    CreatedAt: seconds(view.createdAt),
    Status: view.status,
    NotBefore: seconds(view.notBefore),
    NotAfter: seconds(view.notAfter),
    KeyAlgorithm: view.keyAlgorithm,
    InUseBy: view.inUseBy,
    Type: 'IMPORTED',
    ExtendedKeyUsages: view.extendedKeyUsages.map((name) => ({ Name: name })),
    RenewalEligibility: 'INELIGIBLE',
  }
}

/** `CertificateSummary` (ListCertificates). */
function certificateSummary(view: CertificateView): Record<string, unknown> {
  return {
    CertificateArn: view.arn,
    DomainName: view.domainName,
    SubjectAlternativeNameSummaries: view.subjectAlternativeNames,
    HasAdditionalSubjectAlternativeNames: false,
    Status: view.status,
    Type: 'IMPORTED',
    KeyAlgorithm: view.keyAlgorithm,
    ExtendedKeyUsages: view.extendedKeyUsages,
    InUse: view.inUseBy.length > 0,
    RenewalEligibility: 'INELIGIBLE',
    NotBefore: seconds(view.notBefore),
    NotAfter: seconds(view.notAfter),
    CreatedAt: seconds(view.createdAt),
    ImportedAt: seconds(view.importedAt),
  }
}

export type AcmOperation = (input: AcmInput) => Promise<ApiResponse>

/** The ACM operations Verge answers, by AWS's names (AWS Certificate Manager API Reference). */
export function acmOperations(certificates: CertificateService): Record<string, AcmOperation> {
  return {
    async ImportCertificate(input) {
      const arn = await certificates.importCertificate({
        certificate: required(input.blobText('Certificate'), 'Certificate'),
        privateKey: required(input.blobText('PrivateKey'), 'PrivateKey'),
        certificateChain: input.blobText('CertificateChain'),
        certificateArn: input.string('CertificateArn'),
      })
      return json({ CertificateArn: arn })
    },
    async DescribeCertificate(input) {
      const view = await certificates.describeCertificate(
        required(input.string('CertificateArn'), 'CertificateArn'),
      )
      return json({ Certificate: certificateDetail(view) })
    },
    async ListCertificates(input) {
      const page = await certificates.listCertificates({
        nextToken: input.string('NextToken'),
        maxItems: input.integer('MaxItems'),
        statuses: input.strings('CertificateStatuses'),
      })
      return json({
        CertificateSummaryList: page.items.map(certificateSummary),
        ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
      })
    },
    async GetCertificate(input) {
      const got = await certificates.getCertificate(
        required(input.string('CertificateArn'), 'CertificateArn'),
      )
      return json({
        Certificate: got.certificate,
        ...(got.certificateChain === undefined ? {} : { CertificateChain: got.certificateChain }),
      })
    },
    async DeleteCertificate(input) {
      await certificates.deleteCertificate(required(input.string('CertificateArn'), 'CertificateArn'))
      return json({})
    },
  }
}
