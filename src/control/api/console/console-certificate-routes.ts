import type { CertificateService, CertificateView } from '../../services/index.js'
import { ConsoleError } from './console-errors.js'
import { jsonResponse, noContent } from './console-json.js'
import type { ConsoleRoute } from './console-routes.js'

/** A certificate for the console's list and picker (never its key). */
function summary(view: CertificateView) {
  return {
    arn: view.arn,
    domainName: view.domainName,
    names: view.subjectAlternativeNames,
    status: view.status,
    keyAlgorithm: view.keyAlgorithm,
    issuer: view.issuer,
    notAfter: view.notAfter,
    importedAt: view.importedAt,
    inUseBy: view.inUseBy,
  }
}

function pem(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new ConsoleError('BadRequest', `${name} must be the PEM text.`)
  return value
}

/** Certificates (ACM): list every one, import PEM texts, delete one no distribution uses. */
export function consoleCertificateRoutes(certificates: CertificateService): ConsoleRoute[] {
  return [
    {
      method: 'GET',
      path: 'certificates',
      async handle() {
        const items: CertificateView[] = []
        let nextToken: string | undefined
        do {
          const page = await certificates.listCertificates({ nextToken })
          items.push(...page.items)
          nextToken = page.nextToken
        } while (nextToken !== undefined)
        return jsonResponse({ items: items.map(summary) })
      },
    },
    {
      method: 'POST',
      path: 'certificates',
      async handle(ctx) {
        const body = ctx.json()
        const chain = body.certificateChain
        const arn = await certificates.importCertificate({
          certificate: pem(body.certificate, 'certificate'),
          privateKey: pem(body.privateKey, 'privateKey'),
          ...(typeof chain === 'string' && chain.trim() !== '' ? { certificateChain: chain } : {}),
        })
        return jsonResponse(summary(await certificates.describeCertificate(arn)), 201)
      },
    },
    {
      method: 'DELETE',
      path: 'certificates/:arn',
      async handle(ctx) {
        await certificates.deleteCertificate(ctx.params.arn!)
        return noContent()
      },
    },
  ]
}
