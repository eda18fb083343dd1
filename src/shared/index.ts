/**
 * What every module may use: errors with stable codes, restart backoff, UTF-8 helpers, and who
 * may scrape `/metrics`.
 */

export { parseDuration } from './duration.js'
export { VergeError } from './errors.js'
export { isLoopbackAddress, metricsAccessAllowed } from './metrics-access.js'
export { RestartBackoff, type RestartBackoffOptions } from './restart-backoff.js'
export {
  checkKeyPair,
  describeCertificateFailure,
  readCaFile,
  readKeyPairFiles,
  TlsFileError,
  type TlsFileErrorCode,
  type TlsKeyPair,
  trustedCertificates,
} from './tls-files.js'
export { decodeUtf8Strict, isWellFormedUnicode, utf8ByteLength } from './utf8.js'
