import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { CertificateRecord } from './state-store.js'
import type { SuiteContext } from './state-store-fixture.js'

/** The shared suite's tests of imported certificates (ACM): rows, re-imports, paging by ARN. */
export function testCertificates(ctx: SuiteContext): void {
  test('certificates: put, read, re-import replaces, list by ARN, count, delete', async () => {
    const arn = (n: number) => `arn:aws:acm:us-east-1:000000000000:certificate/suite-${n}`
    const first: CertificateRecord = {
      arn: arn(2),
      certificate: '-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n',
      sealedPrivateKey: 'v1.sealed-a',
      created: new Date(1_700_000_000_123),
      importedAt: new Date(1_700_000_000_123),
    }
    const second: CertificateRecord = { ...first, arn: arn(1), certificateChain: 'CHAIN' }
    await ctx.state().transaction(async (tx) => {
      await tx.putCertificate(first)
      await tx.putCertificate(second)
    })
    assert.deepEqual(await ctx.state().getCertificate(first.arn), first)
    assert.deepEqual(await ctx.state().getCertificate(second.arn), second)
    assert.equal(await ctx.state().getCertificate(arn(3)), undefined)
    const reimported = {
      ...first,
      certificate: 'B',
      sealedPrivateKey: 'v1.sealed-b',
      importedAt: new Date(1_700_000_500_000),
    }
    await ctx.state().transaction((tx) => tx.putCertificate(reimported))
    assert.deepEqual(await ctx.state().getCertificate(first.arn), reimported)
    assert.deepEqual(
      (await ctx.state().listCertificates({ limit: 10 })).map((r) => r.arn),
      [arn(1), arn(2)],
    )
    assert.deepEqual(
      (await ctx.state().listCertificates({ afterArn: arn(1), limit: 10 })).map((r) => r.arn),
      [arn(2)],
    )
    assert.equal(await ctx.state().countCertificates(), 2)
    await ctx.state().transaction((tx) => tx.deleteCertificate(first.arn))
    assert.equal(await ctx.state().getCertificate(first.arn), undefined)
    assert.equal(await ctx.state().countCertificates(), 1)
  })
}
