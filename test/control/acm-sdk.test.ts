import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import {
  type ACMClient,
  ACMServiceException,
  DeleteCertificateCommand,
  DescribeCertificateCommand,
  GetCertificateCommand,
  ImportCertificateCommand,
  ListCertificatesCommand,
} from '@aws-sdk/client-acm'
import {
  CreateDistributionCommand,
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront'
import { generate } from 'selfsigned'
import { type ControlPlane, startControlPlane } from '../../src/control/control-plane.js'
import { createAcmClient } from '../helpers/acm-client.js'
import { createCloudFrontClient, sendSigned } from '../helpers/cloudfront-client.js'
import { distributionConfig, rejectsWith } from '../helpers/cloudfront-fixtures.js'
import { TEST_CREDENTIALS } from '../helpers/control-plane.js'
import { createTestCa, type TestCa } from '../helpers/test-ca.js'

let root: string
let ca: TestCa
let cp: ControlPlane
let acm: ACMClient
let cloudFront: ReturnType<typeof createCloudFrontClient>

const bytes = (text: string) => new TextEncoder().encode(text)

async function rejectsAcm(promise: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ACMServiceException, `expected ${name}, got ${String(error)}`)
    assert.equal(error.name, name, error.message)
    assert.equal(error.$metadata.httpStatusCode, 400)
    if (message !== undefined) assert.match(error.message, message)
    return true
  })
}

async function importLeaf(names: string[], file: string): Promise<string> {
  const leaf = await ca.issue(names, file)
  const out = await acm.send(
    new ImportCertificateCommand({
      Certificate: bytes(leaf.cert),
      PrivateKey: bytes(leaf.key),
      CertificateChain: bytes(ca.cert),
    }),
  )
  assert.ok(out.CertificateArn)
  return out.CertificateArn
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'verge-acm-'))
  ca = await createTestCa(root)
  cp = await startControlPlane({ dataDir: join(root, 'control'), credentials: TEST_CREDENTIALS })
  acm = createAcmClient({ url: cp.url, credentials: TEST_CREDENTIALS })
  cloudFront = createCloudFrontClient({ url: cp.url, credentials: TEST_CREDENTIALS })
})

after(async () => {
  acm.destroy()
  cloudFront.destroy()
  await cp.close()
  rmSync(root, { recursive: true, force: true })
})

test('ACM SDK: imports, describes, gets (no key) and lists a certificate', async () => {
  const leaf = await ca.issue(['www.describe.test', '*.describe.test'], 'describe')
  const imported = await acm.send(
    new ImportCertificateCommand({
      Certificate: bytes(leaf.cert),
      PrivateKey: bytes(leaf.key),
      CertificateChain: bytes(ca.cert),
    }),
  )
  const arn = imported.CertificateArn!
  assert.match(arn, /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/)
  const described = (await acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate!
  assert.equal(described.CertificateArn, arn)
  assert.equal(described.DomainName, 'www.describe.test')
  assert.deepEqual(described.SubjectAlternativeNames, ['www.describe.test', '*.describe.test'])
  assert.equal(described.Type, 'IMPORTED')
  assert.equal(described.Status, 'ISSUED')
  assert.equal(described.KeyAlgorithm, 'EC_prime256v1')
  assert.ok(described.NotAfter instanceof Date && described.NotAfter > new Date())
  assert.ok(described.ImportedAt instanceof Date)
  assert.deepEqual(described.InUseBy, [])
  const got = await acm.send(new GetCertificateCommand({ CertificateArn: arn }))
  assert.equal(got.Certificate?.trim(), leaf.cert.trim())
  assert.equal(got.CertificateChain?.trim(), ca.cert.trim())
  assert.ok(!JSON.stringify(got).includes('PRIVATE KEY'))
  const listed = await acm.send(new ListCertificatesCommand({}))
  const summary = listed.CertificateSummaryList?.find((c) => c.CertificateArn === arn)
  assert.equal(summary?.DomainName, 'www.describe.test')
  assert.equal(summary?.InUse, false)
})

test('ACM SDK: ListCertificates pages with MaxItems and NextToken', async () => {
  const arns = new Set<string>()
  for (let i = 0; i < 3; i++) arns.add(await importLeaf([`p${i}.paging.test`], `paging-${i}`))
  const seen: string[] = []
  let token: string | undefined
  do {
    const page = await acm.send(new ListCertificatesCommand({ MaxItems: 2, NextToken: token }))
    assert.ok((page.CertificateSummaryList?.length ?? 0) <= 2)
    for (const c of page.CertificateSummaryList ?? []) seen.push(c.CertificateArn!)
    token = page.NextToken
  } while (token !== undefined)
  assert.equal(new Set(seen).size, seen.length)
  for (const arn of arns) assert.ok(seen.includes(arn))
  await rejectsAcm(
    acm.send(new ListCertificatesCommand({ NextToken: 'bm90LWEtdG9rZW4' })),
    'InvalidArgsException',
  )
})

test('ImportCertificate: refuses a key that does not match, an expired certificate, no chain issuer', async () => {
  const a = await ca.issue(['a.refuse.test'], 'refuse-a')
  const b = await ca.issue(['b.refuse.test'], 'refuse-b')
  await rejectsAcm(
    acm.send(new ImportCertificateCommand({ Certificate: bytes(a.cert), PrivateKey: bytes(b.key) })),
    'ValidationException',
    /does not match/,
  )
  const old = await generate([{ name: 'commonName', value: 'old.refuse.test' }], {
    keyType: 'ec',
    notBeforeDate: new Date(Date.now() - 10 * 86_400_000),
    notAfterDate: new Date(Date.now() - 86_400_000),
  })
  await rejectsAcm(
    acm.send(new ImportCertificateCommand({ Certificate: bytes(old.cert), PrivateKey: bytes(old.private) })),
    'ValidationException',
    /expired/,
  )
  const other = await createTestCa(root, 'other-ca')
  await rejectsAcm(
    acm.send(
      new ImportCertificateCommand({
        Certificate: bytes(a.cert),
        PrivateKey: bytes(a.key),
        CertificateChain: bytes(other.cert),
      }),
    ),
    'ValidationException',
    /chain/,
  )
  await rejectsAcm(
    acm.send(new ImportCertificateCommand({ Certificate: bytes('not a pem'), PrivateKey: bytes(a.key) })),
    'ValidationException',
  )
})

test('ACM SDK: unknown and malformed ARNs get ResourceNotFoundException and InvalidArnException', async () => {
  await rejectsAcm(
    acm.send(
      new DescribeCertificateCommand({
        CertificateArn: `arn:aws:acm:us-east-1:${cp.accountId}:certificate/00000000-0000-4000-8000-000000000000`,
      }),
    ),
    'ResourceNotFoundException',
  )
  await rejectsAcm(
    acm.send(new GetCertificateCommand({ CertificateArn: 'arn:aws:s3:::bucket' })),
    'InvalidArnException',
  )
})

test('distributions: ACMCertificateArn must cover every alias (InvalidViewerCertificate); in use, delete is refused', async () => {
  const arn = await importLeaf(['*.shop.test', 'shop.test'], 'shop')
  const config = (aliases: string[], certificateArn = arn) =>
    distributionConfig(`ref-acm-${aliases.join('-')}`, {
      Aliases: { Quantity: aliases.length, Items: aliases },
      ViewerCertificate: { ACMCertificateArn: certificateArn, SSLSupportMethod: 'sni-only' },
    })
  await rejectsWith(
    cloudFront.send(new CreateDistributionCommand({ DistributionConfig: config(['a.b.shop.test']) })),
    'InvalidViewerCertificate',
    400,
    /a\.b\.shop\.test/,
  )
  await rejectsWith(
    cloudFront.send(
      new CreateDistributionCommand({
        DistributionConfig: config(
          ['shop.test'],
          `arn:aws:acm:us-east-1:${cp.accountId}:certificate/00000000-0000-4000-8000-000000000000`,
        ),
      }),
    ),
    'InvalidViewerCertificate',
    400,
  )
  const created = await cloudFront.send(
    new CreateDistributionCommand({ DistributionConfig: config(['shop.test', 'www.shop.test']) }),
  )
  const id = created.Distribution!.Id!
  const echoed = created.Distribution?.DistributionConfig?.ViewerCertificate
  assert.equal(echoed?.ACMCertificateArn, arn)
  assert.equal(echoed?.CertificateSource, 'acm')
  assert.equal(echoed?.CloudFrontDefaultCertificate, false)
  const described = (await acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate!
  assert.deepEqual(described.InUseBy, [created.Distribution!.ARN])
  await rejectsAcm(acm.send(new DeleteCertificateCommand({ CertificateArn: arn })), 'ResourceInUseException')

  // UpdateDistribution with an alias the certificate does not cover is refused.
  const current = await cloudFront.send(new GetDistributionConfigCommand({ Id: id }))
  const updated = {
    ...current.DistributionConfig!,
    Aliases: { Quantity: 2, Items: ['shop.test', 'other.test'] },
  }
  await rejectsWith(
    cloudFront.send(
      new UpdateDistributionCommand({ Id: id, IfMatch: current.ETag, DistributionConfig: updated }),
    ),
    'InvalidViewerCertificate',
    400,
    /other\.test/,
  )
  // Back to the default certificate: the certificate is free and can go.
  const fallback = {
    ...current.DistributionConfig!,
    ViewerCertificate: { CloudFrontDefaultCertificate: true },
  }
  await cloudFront.send(
    new UpdateDistributionCommand({ Id: id, IfMatch: current.ETag, DistributionConfig: fallback }),
  )
  await acm.send(new DeleteCertificateCommand({ CertificateArn: arn }))
  await rejectsAcm(
    acm.send(new DescribeCertificateCommand({ CertificateArn: arn })),
    'ResourceNotFoundException',
  )
})

test('ImportCertificate with CertificateArn re-imports in place; a replacement must still cover the aliases in use', async () => {
  const arn = await importLeaf(['re.import.test'], 'reimport-1')
  await cloudFront.send(
    new CreateDistributionCommand({
      DistributionConfig: distributionConfig('ref-reimport', {
        Aliases: { Quantity: 1, Items: ['re.import.test'] },
        ViewerCertificate: { ACMCertificateArn: arn, SSLSupportMethod: 'sni-only' },
      }),
    }),
  )
  const next = await ca.issue(['re.import.test', 'more.import.test'], 'reimport-2')
  const out = await acm.send(
    new ImportCertificateCommand({
      CertificateArn: arn,
      Certificate: bytes(next.cert),
      PrivateKey: bytes(next.key),
    }),
  )
  assert.equal(out.CertificateArn, arn)
  const got = await acm.send(new GetCertificateCommand({ CertificateArn: arn }))
  assert.equal(got.Certificate?.trim(), next.cert.trim())
  const narrow = await ca.issue(['more.import.test'], 'reimport-3')
  await rejectsAcm(
    acm.send(
      new ImportCertificateCommand({
        CertificateArn: arn,
        Certificate: bytes(narrow.cert),
        PrivateKey: bytes(narrow.key),
      }),
    ),
    'ValidationException',
    /re\.import\.test/,
  )
})

test('certificates: the private key is sealed at rest, never in the database in clear', async () => {
  const leaf = await ca.issue(['sealed.test'], 'sealed')
  const out = await acm.send(
    new ImportCertificateCommand({ Certificate: bytes(leaf.cert), PrivateKey: bytes(leaf.key) }),
  )
  const record = await cp.state.getCertificate(out.CertificateArn!)
  assert.ok(record?.sealedPrivateKey.startsWith('v1.'))
  assert.ok(!record?.sealedPrivateKey.includes('PRIVATE KEY'))
  const changes = await cp.state.listChanges({ entityId: out.CertificateArn!, kinds: ['certificate.put'] })
  assert.equal(changes.length, 1)
  assert.ok(!JSON.stringify(changes).includes('PRIVATE KEY'))
})

test('ACM wire: an operation Verge does not answer, a body that is not JSON, a signature for another service', async () => {
  const send = (target: string, body: string, service = 'acm') =>
    sendSigned(cp.url, TEST_CREDENTIALS, {
      method: 'POST',
      path: '/',
      body,
      service,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    })
  const typeOf = (body: string) => (JSON.parse(body) as { __type: string }).__type
  const unknown = await send('CertificateManager.RequestCertificate', '{"DomainName":"a.test"}')
  assert.equal(unknown.status, 400)
  assert.equal(typeOf(unknown.body), 'UnknownOperationException')
  assert.equal(unknown.headers['x-amzn-errortype'], 'UnknownOperationException')
  const malformed = await send('CertificateManager.ListCertificates', '{not json')
  assert.equal(malformed.status, 400)
  assert.equal(typeOf(malformed.body), 'SerializationException')
  const wrongService = await send('CertificateManager.ListCertificates', '{}', 'cloudfront')
  assert.equal(wrongService.status, 400)
  assert.equal(typeOf(wrongService.body), 'AccessDeniedException')
  const listed = await send('CertificateManager.ListCertificates', '{}')
  assert.equal(listed.status, 200)
  assert.ok(
    Array.isArray((JSON.parse(listed.body) as { CertificateSummaryList: unknown[] }).CertificateSummaryList),
  )
})
