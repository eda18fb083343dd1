import { X509Certificate } from 'node:crypto'
import { createSecureContext, type SecureContext } from 'node:tls'
import { certificateDnsNames, namesCover, type SnapshotCertificate } from '../../sync/index.js'
import type { RoutedDistribution } from '../router.js'

/** What the certificates are chosen from: the replica's routing of host names and its certificates by ARN. */
export interface CertificateSource {
  route(servername: string): RoutedDistribution | undefined
  certificate(arn: string): SnapshotCertificate | undefined
}

interface Built {
  readonly certificate: SnapshotCertificate
  readonly names: readonly string[]
  /** Undefined when the pair could not be made into a context (it is then never served). */
  readonly context: SecureContext | undefined
}

/**
 * The certificate a distribution names (`ViewerCertificate.ACMCertificateArn`) for the host names
 * it covers: the handshake's server name routes to a distribution as a request's `Host` does,
 * and that distribution's imported certificate is served when its names cover the server name.
 * Each context is built once per certificate version: a re-import replaces the replica's
 * certificate object, so the next handshake builds and serves the new one, without a restart.
 */
export class DistributionCertificates {
  readonly #source: CertificateSource
  readonly #built = new Map<string, Built>()

  constructor(source: CertificateSource) {
    this.#source = source
  }

  /** The context for `servername`, or undefined (the edge's default certificate then). */
  contextFor(servername: string): SecureContext | undefined {
    const arn = this.#source.route(servername)?.distribution.Config.ViewerCertificate?.ACMCertificateArn
    if (arn === undefined) return undefined
    const certificate = this.#source.certificate(arn)
    if (certificate === undefined) return undefined
    let built = this.#built.get(arn)
    if (built?.certificate !== certificate) {
      built = build(certificate)
      this.#built.set(arn, built)
    }
    return namesCover(built.names, servername) ? built.context : undefined
  }

  /** Forgets what was built for `arn` (the replica applied a change to it). */
  changed(arn: string): void {
    this.#built.delete(arn)
  }

  /** Forgets everything (a new snapshot). */
  reset(): void {
    this.#built.clear()
  }
}

function build(certificate: SnapshotCertificate): Built {
  try {
    const x509 = new X509Certificate(certificate.certificate)
    const cert =
      certificate.certificateChain === undefined
        ? certificate.certificate
        : `${certificate.certificate.trimEnd()}\n${certificate.certificateChain}`
    return {
      certificate,
      names: certificateDnsNames(x509.subjectAltName, x509.subject),
      context: createSecureContext({ cert, key: certificate.privateKey }),
    }
  } catch {
    // The control plane checked the pair at import; a damaged one is not served.
    return { certificate, names: [], context: undefined }
  }
}
