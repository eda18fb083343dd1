import { createSecureContext, type SecureContext } from 'node:tls'
import type { TlsKeyPair } from '../../shared/index.js'

/**
 * Which certificate a TLS handshake gets, by the name the viewer asked for (SNI). Today every
 * name gets the edge's default certificate; certificates chosen per distribution (its
 * `ViewerCertificate`) plug in here. Each context is built once, not per handshake.
 */
export class CertificateSelector {
  readonly defaultPair: TlsKeyPair
  readonly #default: SecureContext

  constructor(defaultPair: TlsKeyPair) {
    this.defaultPair = defaultPair
    this.#default = createSecureContext(defaultPair)
  }

  /** The context for `servername`. */
  select(_servername: string): SecureContext {
    return this.#default
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
