import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createTestCa } from '../helpers/test-ca.js'
import { consoleSkip, startConsoleFixture } from './console-fixture.js'

test('certificates page: import PEM files, see the certificate, pick it for a distribution', {
  skip: consoleSkip,
  timeout: 60_000,
}, async () => {
  const fixture = await startConsoleFixture('certificates-page')
  try {
    const cp = fixture.control.controlPlane
    const { page } = fixture.browser
    const ca = await createTestCa(fixture.control.dataDir)
    const leaf = await ca.issue(['page.console.test'], 'page')

    await fixture.open('/certificates', 'Certificates')
    await page.getByText('No certificates yet').waitFor()
    await page.getByRole('button', { name: 'Import certificate' }).click()
    await page.getByLabel('Certificate', { exact: true }).setInputFiles(leaf.certFile)
    await page.getByLabel('Private key').setInputFiles(leaf.keyFile)
    await page.getByLabel('Certificate chain (optional)').setInputFiles(ca.certFile)
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    const row = page.getByRole('row', { name: /page\.console\.test/ })
    await row.waitFor()
    assert.match((await row.textContent()) ?? '', /ISSUED/)
    const [imported] = (await cp.certificates.listCertificates()).items
    assert.ok(imported)

    await fixture.browser.screenshot('certificates')
    await fixture.open('/distributions/new', 'Create distribution')
    await page.getByLabel('Alternate domain names (CNAMEs)').fill('page.console.test')
    await page.getByLabel('Certificate', { exact: true }).selectOption(imported.arn)
    const originFields = page.getByRole('group', { name: /^Origin / })
    await originFields.getByLabel('Origin domain').fill('origin.example.com')
    await fixture.browser.screenshot('certificate-picked')
    await page.getByRole('button', { name: 'Create distribution' }).click()
    await page.waitForURL(/\/console\/distributions\/E[0-9A-Z]{13}$/)
    await page.getByRole('button', { name: 'Save changes' }).waitFor()
    const id = page.url().split('/').pop()!
    const view = await cp.distributions.getDistribution(id)
    assert.equal(view.config.ViewerCertificate?.ACMCertificateArn, imported.arn)
    assert.equal(await page.getByLabel('Certificate', { exact: true }).inputValue(), imported.arn)
  } finally {
    await fixture.close()
  }
})
