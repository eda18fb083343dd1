import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createTestCa, type TestCa } from '../helpers/test-ca.js'
import { type CliFixture, startCliFixture } from './cli-process.js'

let fx: CliFixture
let ca: TestCa

before(async () => {
  fx = await startCliFixture()
  ca = await createTestCa(fx.home)
})

after(async () => {
  await fx.stop()
})

test('verge certificate: import PEM files, list, describe, refuse a mismatched key, delete', async () => {
  const leaf = await ca.issue(['cli.cert.test', '*.cli.cert.test'], 'cli')
  const imported = await fx.vergeJson<{ CertificateArn: string }>(
    'certificate',
    'import',
    '--certificate',
    leaf.certFile,
    '--private-key',
    leaf.keyFile,
    '--certificate-chain',
    ca.certFile,
  )
  const arn = imported.CertificateArn
  assert.match(arn, /^arn:aws:acm:us-east-1:/)

  const listed = await fx.vergeJson<{ CertificateArn: string; DomainName: string }[]>('certificate', 'list')
  assert.deepEqual(
    listed.map((c) => [c.CertificateArn, c.DomainName]),
    [[arn, 'cli.cert.test']],
  )
  const table = await fx.verge('certificate', 'list')
  assert.equal(table.code, 0, table.stderr)
  assert.match(table.stdout, /cli\.cert\.test/)

  const described = await fx.verge('certificate', 'describe', arn)
  assert.equal(described.code, 0, described.stderr)
  assert.match(described.stdout, /\*\.cli\.cert\.test/)
  assert.match(described.stdout, /EC_prime256v1/)
  assert.ok(!described.stdout.includes('PRIVATE KEY'))

  const other = await ca.issue(['other.cert.test'], 'other')
  const refused = await fx.verge(
    'certificate',
    'import',
    '--certificate',
    leaf.certFile,
    '--private-key',
    other.keyFile,
  )
  assert.notEqual(refused.code, 0)
  assert.match(refused.stderr, /ValidationException.*does not match/)

  const deleted = await fx.verge('certificate', 'delete', arn)
  assert.equal(deleted.code, 0, deleted.stderr)
  const missing = await fx.verge('certificate', 'describe', arn)
  assert.match(missing.stderr, /ResourceNotFoundException/)
})
