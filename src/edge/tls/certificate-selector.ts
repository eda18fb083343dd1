import { createSecureContext, type SecureContext } from 'node:tls'
import type { TlsKeyPair } from '../../shared/index.js'

/** The context of a distribution's own certificate for a server name, if it has one. */
export type CertificateLookup = (servername: string) => SecureContext | undefined

/**
 * Which certificate a TLS handshake gets, by the name the viewer asked for (SNI): the
 * certificate of the distribution that name routes to (`lookup`, its
 * `ViewerCertificate.ACMCertificateArn`), else the edge's default certificate. Each context is
 * built once, not per handshake.
 */
export class CertificateSelector {
  readonly defaultPair: TlsKeyPair
  readonly #default: SecureContext
  readonly #lookup: CertificateLookup

  constructor(defaultPair: TlsKeyPair, lookup: CertificateLookup = () => undefined) {
    this.defaultPair = defaultPair
    this.#default = createSecureContext(defaultPair)
    this.#lookup = lookup
  }

  /** The context for `servername`. */
  select(servername: string): SecureContext {
    return this.#lookup(servername) ?? this.#default
  }

  /**
   * `SNICallback` for `http2.createSecureServer`. A viewer that sends no name (it dialled an IP
   * address) is not asked about: it gets the server's own `cert`/`key`, the default pair.
   */
  readonly sniCallback = (
    servername: string,
    callback: (error: Error | null, ctx?: SecureContext) => void,
  ) => {
    callback(null, this.select(servername))
  }
}
