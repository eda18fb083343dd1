import { X509Certificate } from 'node:crypto'
import type { TLSSocket } from 'node:tls'
import { Agent, buildConnector } from 'undici'
import { trustedCertificates, VergeError } from '../../shared/index.js'

/**
 * How an edge trusts an `https://` control plane besides Node's bundled CAs: `ca`, a private CA
 * (`--ca`); or `pinned`, exactly one certificate, for the edge of `verge start`, which talks to
 * the control plane of its own process and knows its certificate, whoever signed it.
 */
export type ControlTrust = { readonly ca: string } | { readonly pinned: string }

/** The undici agent every sync request goes through under `trust`. */
export function controlPlaneAgent(trust: ControlTrust): Agent {
  if ('ca' in trust) return new Agent({ connect: { ca: trustedCertificates(trust.ca) } })
  const expected = new X509Certificate(trust.pinned).fingerprint256
  // The chain is not checked against any CA: the certificate itself is the trust.
  const connect = buildConnector({ rejectUnauthorized: false })
  return new Agent({
    connect(options, callback) {
      connect(options, (error, socket) => {
        if (error !== null) return callback(error, null)
        const seen =
          options.protocol === 'https:' ? (socket as TLSSocket).getPeerCertificate().fingerprint256 : expected
        if (seen === expected) return callback(null, socket)
        socket.destroy()
        callback(
          new VergeError('CERT_NOT_PINNED', `The control plane presented another certificate (${seen}).`),
          null,
        )
      })
    },
  })
}
