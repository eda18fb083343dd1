import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { startTestControlPlane, TEST_CREDENTIALS, type TestControlPlane } from '../helpers/control-plane.js'
import { createTestCa, type TestCa } from '../helpers/test-ca.js'
import { ConsoleClient } from './console-client.js'
import { consoleDistributionForm } from './distribution-form.js'

let control: TestControlPlane
let ca: TestCa

before(async () => {
  control = await startTestControlPlane()
  ca = await createTestCa(control.dataDir)
})

after(async () => {
  await control.stop()
})

function distributionForm(aliases: string[], certificateArn: string) {
  return consoleDistributionForm({
    comment: 'tls',
    aliases,
    viewerProtocolPolicy: 'redirect-to-https',
    certificateArn,
  })
}

test('console api: certificates are imported from PEM text, listed, picked for a distribution, deleted once unused', async () => {
  const client = new ConsoleClient(control.controlPlane.url)
  assert.equal(
    (await client.login(TEST_CREDENTIALS.accessKeyId, TEST_CREDENTIALS.secretAccessKey)).status,
    200,
  )
  const leaf = await ca.issue(['shop.console.test'], 'console')
  const other = await ca.issue(['other.console.test'], 'console-other')
  const mismatched = await client.request('POST', '/console/api/certificates', {
    json: { certificate: leaf.cert, privateKey: other.key },
  })
  assert.equal(mismatched.status, 400)
  assert.equal((mismatched.body as { code: string }).code, 'ValidationException')

  const imported = await client.request('POST', '/console/api/certificates', {
    json: { certificate: leaf.cert, privateKey: leaf.key, certificateChain: ca.cert },
  })
  assert.equal(imported.status, 201)
  const certificate = imported.body as { arn: string; names: string[]; status: string }
  assert.deepEqual(certificate.names, ['shop.console.test'])
  assert.equal(certificate.status, 'ISSUED')
  assert.ok(!JSON.stringify(imported.body).includes('PRIVATE KEY'))
  const listed = await client.request('GET', '/console/api/certificates')
  assert.deepEqual(
    (listed.body as { items: { arn: string }[] }).items.map((c) => c.arn),
    [certificate.arn],
  )

  const uncovered = await client.request('POST', '/console/api/distributions', {
    json: distributionForm(['www.console.test'], certificate.arn),
  })
  assert.equal(uncovered.status, 400)
  assert.equal((uncovered.body as { code: string }).code, 'InvalidViewerCertificate')
  const created = await client.request('POST', '/console/api/distributions', {
    json: distributionForm(['shop.console.test'], certificate.arn),
  })
  assert.equal(created.status, 201)
  const detail = created.body as { id: string; etag: string; form: { certificateArn: string } }
  assert.equal(detail.form.certificateArn, certificate.arn)

  const inUse = await client.request(
    'DELETE',
    `/console/api/certificates/${encodeURIComponent(certificate.arn)}`,
  )
  assert.equal(inUse.status, 409)
  assert.equal((inUse.body as { code: string }).code, 'ResourceInUseException')

  // Back to the default certificate: then the certificate can go.
  const edited = await client.request('PUT', `/console/api/distributions/${detail.id}`, {
    json: distributionForm(['shop.console.test'], ''),
    headers: { 'if-match': detail.etag },
  })
  assert.equal(edited.status, 200)
  assert.equal((edited.body as { form: { certificateArn: string } }).form.certificateArn, '')
  const removed = await client.request(
    'DELETE',
    `/console/api/certificates/${encodeURIComponent(certificate.arn)}`,
  )
  assert.equal(removed.status, 204)
  assert.deepEqual((await client.request('GET', '/console/api/certificates')).body, { items: [] })
})
