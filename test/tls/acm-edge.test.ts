import assert from 'node:assert/strict'
import type { X509Certificate } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { connect } from 'node:tls'
import { type ACMClient, ImportCertificateCommand } from '@aws-sdk/client-acm'
import { CreateDistributionCommand, type DistributionConfig } from '@aws-sdk/client-cloudfront'
import Database from 'better-sqlite3'
import { type ControlPlane, startControlPlane } from '../../src/control/control-plane.js'
import { REPLICA_FILE, type RunningEdge, startEdge } from '../../src/edge/index.js'
import { startOrigin, type TestOrigin } from '../edge/fixture.js'
import { createAcmClient } from '../helpers/acm-client.js'
import { createCloudFrontClient } from '../helpers/cloudfront-client.js'
import { distributionConfig, localOrigins } from '../helpers/cloudfront-fixtures.js'
import { TEST_CREDENTIALS } from '../helpers/control-plane.js'
import { createTestCa, curlHost, type TestCa } from '../helpers/test-ca.js'
import { waitFor } from '../helpers/wait-for.js'

const EDGE_TOKEN = 'vet_acm-edge-token'
const bytes = (text: string) => new TextEncoder().encode(text)

let root: string
// One CA per certificate, so that curl trusting only one of them proves which one was served.
let caA: TestCa
let caB: TestCa
let caDefault: TestCa
let origin: TestOrigin
let cp: ControlPlane
let acm: ACMClient
let edge: RunningEdge
let arnA: string

async function importFrom(ca: TestCa, names: string[], file: string, arn?: string): Promise<string> {
  const leaf = await ca.issue(names, file)
  const out = await acm.send(
    new ImportCertificateCommand({
      Certificate: bytes(leaf.cert),
      PrivateKey: bytes(leaf.key),
      ...(arn === undefined ? {} : { CertificateArn: arn }),
    }),
  )
  return out.CertificateArn!
}

function config(alias: string, certificateArn: string | undefined): DistributionConfig {
  const base = distributionConfig(`ref-acm-edge-${alias}`)
  return {
    ...base,
    Aliases: { Quantity: 1, Items: [alias] },
    Origins: localOrigins(origin.port),
    ...(certificateArn === undefined
      ? {}
      : { ViewerCertificate: { ACMCertificateArn: certificateArn, SSLSupportMethod: 'sni-only' } }),
  }
}

/** curl over HTTPS to `host` on the edge, trusting only `ca`. */
function viewer(host: string, path: string, ca: TestCa, extra: string[] = []) {
  return curlHost('https', host, edge.httpsPort ?? 0, path, ca.certFile, extra)
}

/** The certificate the edge presents for `servername`. */
function presented(servername: string): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: '127.0.0.1', port: edge.httpsPort, servername, rejectUnauthorized: false },
      () => {
        const raw = socket.getPeerX509Certificate()
        socket.end()
        if (raw === undefined) reject(new Error('no peer certificate'))
        else resolve(raw)
      },
    )
    socket.on('error', reject)
  })
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'verge-acm-edge-'))
  caA = await createTestCa(root, 'ca-a')
  caB = await createTestCa(root, 'ca-b')
  caDefault = await createTestCa(root, 'ca-default')
  origin = await startOrigin()
  cp = await startControlPlane({
    dataDir: join(root, 'control'),
    credentials: TEST_CREDENTIALS,
    edgeToken: EDGE_TOKEN,
  })
  acm = createAcmClient({ url: cp.url, credentials: TEST_CREDENTIALS })
  arnA = await importFrom(caA, ['a.acm.test'], 'a')
  const arnB = await importFrom(caB, ['*.acm-b.test'], 'b')
  const cloudFront = createCloudFrontClient({ url: cp.url, credentials: TEST_CREDENTIALS })
  try {
    await cloudFront.send(new CreateDistributionCommand({ DistributionConfig: config('a.acm.test', arnA) }))
    await cloudFront.send(
      new CreateDistributionCommand({ DistributionConfig: config('www.acm-b.test', arnB) }),
    )
    await cloudFront.send(
      new CreateDistributionCommand({ DistributionConfig: config('plain.acm.test', undefined) }),
    )
  } finally {
    cloudFront.destroy()
  }
  const fallback = await caDefault.issue(['plain.acm.test', 'a.acm.test', 'www.acm-b.test'], 'default')
  edge = await startEdge({
    controlUrl: cp.url,
    token: EDGE_TOKEN,
    dataDir: join(root, 'edge'),
    workers: 1,
    httpsPort: 0,
    tls: { cert: fallback.cert, key: fallback.key },
  })
  await waitFor(() => edge.revision >= cp.feed.latest, { what: 'the edge to catch up' })
})

after(async () => {
  acm?.destroy()
  await edge?.close()
  await cp?.close()
  await origin?.close()
  rmSync(root, { recursive: true, force: true })
})

test('edge SNI: two distributions each get their own imported certificate, over HTTP/1.1 and HTTP/2', async () => {
  for (const flag of ['--http1.1', '--http2']) {
    const a = await viewer('a.acm.test', `/a${flag}`, caA, [flag])
    assert.equal(a.exitCode, 0, a.stderr)
    assert.equal(a.body, `origin saw /a${flag}`)
    const b = await viewer('www.acm-b.test', `/b${flag}`, caB, [flag])
    assert.equal(b.exitCode, 0, b.stderr)
    assert.equal(b.body, `origin saw /b${flag}`)
  }
  assert.equal((await viewer('a.acm.test', '/x', caB)).exitCode, 60, 'a.acm.test is not served with B')
  assert.match((await presented('a.acm.test')).subjectAltName ?? '', /DNS:a\.acm\.test/)
  assert.match((await presented('www.acm-b.test')).subjectAltName ?? '', /DNS:\*\.acm-b\.test/)
})

test('edge SNI: a distribution without a certificate, and an unknown name, get the default certificate', async () => {
  const plain = await viewer('plain.acm.test', '/plain', caDefault, ['--http2'])
  assert.equal(plain.exitCode, 0, plain.stderr)
  assert.equal(plain.body, 'origin saw /plain')
  assert.equal((await presented('unknown.acm.test')).issuer, (await presented('plain.acm.test')).issuer)
  assert.match((await presented('unknown.acm.test')).issuer, /ca-default/)
})

test('edge SNI: a re-imported certificate is served on the next handshake, without a restart', async () => {
  const caA2 = await createTestCa(root, 'ca-a2')
  const before = (await presented('a.acm.test')).fingerprint256
  await importFrom(caA2, ['a.acm.test'], 'a2', arnA)
  await waitFor(() => edge.revision >= cp.feed.latest, { what: 'the edge to apply the re-import' })
  await waitFor(async () => (await presented('a.acm.test')).fingerprint256 !== before, {
    what: 'the new certificate on a handshake',
  })
  const renewed = await viewer('a.acm.test', '/renewed', caA2, ['--http2'])
  assert.equal(renewed.exitCode, 0, renewed.stderr)
  assert.equal(renewed.body, 'origin saw /renewed')
  assert.equal((await viewer('a.acm.test', '/old', caA)).exitCode, 60, 'the old certificate is gone')
})

test("edge: the replica file, which holds the certificates' private keys, is readable by its owner only", async () => {
  const file = join(root, 'edge', REPLICA_FILE)
  const heldCertificate = () => {
    if (!existsSync(file)) return false
    const db = new Database(file, { readonly: true, fileMustExist: true })
    try {
      return db.prepare('SELECT count(*) FROM certificates WHERE arn = ?').pluck().get(arnA) === 1
    } finally {
      db.close()
    }
  }
  await waitFor(heldCertificate, { what: 'the replica file with the certificates' })
  assert.equal(statSync(file).mode & 0o777, 0o600)
  if (existsSync(`${file}-wal`)) assert.equal(statSync(`${file}-wal`).mode & 0o777, 0o600)
})
