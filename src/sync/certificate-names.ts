/**
 * Whether a certificate's DNS name covers a host name, as TLS clients (RFC 6125 6.4.3) and
 * CloudFront's alias check match them: case-insensitive; a wildcard `*.example.com` covers
 * exactly one more label (`a.example.com`, not `example.com` nor `a.b.example.com`). A wildcard
 * host name (an alias `*.example.com`) is covered only by the same wildcard.
 */
export function nameCovers(certificateName: string, hostName: string): boolean {
  const name = certificateName.toLowerCase()
  const host = hostName.toLowerCase()
  if (name === host) return true
  if (!name.startsWith('*.') || host.startsWith('*.')) return false
  const dot = host.indexOf('.')
  return dot > 0 && host.slice(dot + 1) === name.slice(2)
}

/** Whether any of `certificateNames` covers `hostName`. */
export function namesCover(certificateNames: readonly string[], hostName: string): boolean {
  return certificateNames.some((name) => nameCovers(name, hostName))
}

/**
 * The DNS names a certificate is for: its `subjectAltName` DNS entries (Node's
 * `X509Certificate.subjectAltName`, `DNS:a.example.com, DNS:*.example.com`), else its subject's
 * common name.
 */
export function certificateDnsNames(subjectAltName: string | undefined, subject: string): string[] {
  const names = (subjectAltName ?? '')
    .split(/,\s*/)
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4))
  if (names.length > 0) return names
  const cn = subject.split('\n').find((line) => line.startsWith('CN='))
  return cn === undefined ? [] : [cn.slice(3)]
}
