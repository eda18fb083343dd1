/**
 * The TLS flags of `verge start`, `verge control` and `verge edge`: the certificate a port
 * presents (`--tls-cert`, `--tls-key`) and the private CA a client trusts (`--ca`).
 */
import { readCaFile, readKeyPairFiles, type TlsKeyPair } from '../../shared/index.js'
import { usageError } from '../errors.js'
import type { ParsedFlags, ProcessFlags } from './process-common.js'

export const TLS_FLAGS: ProcessFlags = {
  'tls-cert': {
    type: 'string',
    env: 'VERGE_TLS_CERT',
    placeholder: 'FILE',
    description: 'Certificate to serve HTTPS with, PEM, its chain after it (with --tls-key)',
  },
  'tls-key': {
    type: 'string',
    env: 'VERGE_TLS_KEY',
    placeholder: 'FILE',
    description: "The certificate's private key, PEM",
  },
}

export const CA_FLAG: ProcessFlags = {
  ca: {
    type: 'string',
    env: 'VERGE_CA_FILE',
    placeholder: 'FILE',
    description: "CA certificate(s), PEM, trusted for an https:// control plane besides Node's own",
  },
}

/** The certificate and key the flags name, read and checked; undefined when neither is given. */
export function tlsKeyPair(flags: ParsedFlags): TlsKeyPair | undefined {
  const cert = flags.string('tls-cert')
  const key = flags.string('tls-key')
  if (cert === undefined && key === undefined) return undefined
  if (cert === undefined || key === undefined)
    throw usageError('Give both --tls-cert and --tls-key (VERGE_TLS_CERT, VERGE_TLS_KEY), or neither.')
  return readKeyPairFiles(cert, key)
}

/** The CA file `--ca` (or VERGE_CA_FILE) names, read; undefined when none is given. */
export function caCertificates(flags: ParsedFlags): string | undefined {
  const file = flags.string('ca')
  return file === undefined ? undefined : readCaFile(file)
}
