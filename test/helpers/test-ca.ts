import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generate } from 'selfsigned'

/** A private CA made by the test, and a way to sign server certificates with it. */
export interface TestCa {
  /** The CA certificate (PEM), and the file it is written to. */
  cert: string
  certFile: string
  /** A server certificate for `names` (DNS names or IP addresses) signed by this CA, and its key. */
  issue(
    names: string[],
    file: string,
  ): Promise<{ cert: string; key: string; certFile: string; keyFile: string }>
}

const IP = /^[\d.]+$|:/

/** Creates a CA (EC P-256) and writes its certificate to `dir/<name>.pem`. */
export async function createTestCa(dir: string, name = 'test-ca'): Promise<TestCa> {
  const ca = await generate([{ name: 'commonName', value: `Verge ${name}` }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  })
  const certFile = join(dir, `${name}.pem`)
  writeFileSync(certFile, ca.cert)
  return {
    cert: ca.cert,
    certFile,
    async issue(names, file) {
      const leaf = await generate([{ name: 'commonName', value: names[0] ?? 'server' }], {
        keyType: 'ec',
        algorithm: 'sha256',
        ca: { key: ca.private, cert: ca.cert },
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, critical: true },
          { name: 'extKeyUsage', serverAuth: true },
          {
            name: 'subjectAltName',
            altNames: names.map((n) =>
              IP.test(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n },
            ),
          },
        ],
      })
      const paths = { certFile: join(dir, `${file}.pem`), keyFile: join(dir, `${file}-key.pem`) }
      writeFileSync(paths.certFile, leaf.cert)
      writeFileSync(paths.keyFile, leaf.private, { mode: 0o600 })
      return { cert: leaf.cert, key: leaf.private, ...paths }
    },
  }
}

/** What curl saw: the HTTP version, status, headers (lowercase names) and body. */
export interface CurlResult {
  exitCode: number
  httpVersion: string
  status: number
  headers: Record<string, string>
  body: string
  stderr: string
}

/**
 * Runs the real curl against `url` (127.0.0.1 only, through `--resolve` for a host name), with
 * `extra` arguments such as `--http2` or `--cacert FILE`.
 */
export function curl(url: string, extra: string[] = []): Promise<CurlResult> {
  const args = ['-sS', '-i', '--max-time', '10', '-w', '\n%{http_version}', ...extra, url]
  return new Promise((resolve) => {
    execFile('curl', args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : 1
      const cut = stdout.lastIndexOf('\n')
      const httpVersion = stdout.slice(cut + 1)
      const text = stdout.slice(0, cut)
      const split = text.indexOf('\r\n\r\n')
      const head = split === -1 ? text : text.slice(0, split)
      const lines = head.split('\r\n')
      const status = Number(lines[0]?.split(' ')[1] ?? 0)
      const headers: Record<string, string> = {}
      for (const line of lines.slice(1)) {
        const at = line.indexOf(':')
        if (at > 0) headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim()
      }
      resolve({
        exitCode,
        httpVersion,
        status,
        headers,
        body: split === -1 ? '' : text.slice(split + 4),
        stderr,
      })
    })
  })
}
