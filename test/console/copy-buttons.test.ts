import assert from 'node:assert/strict'
import { test } from 'node:test'
import { consoleSkip, distributionConfig, startConsoleFixture } from './console-fixture.js'

const RUNTIME = { comment: '', runtime: 'cloudfront-js-2.0' as const, keyValueStoreArns: [] }

test('copy buttons: the store id and ARN, the function ARN and the distribution id and ARN reach the clipboard', {
  skip: consoleSkip,
  timeout: 60_000,
}, async () => {
  const fixture = await startConsoleFixture('copy-buttons')
  try {
    const cp = fixture.control.controlPlane
    const { page, context } = fixture.browser
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cp.url })
    const store = await cp.keyValueStores.createKeyValueStore({ name: 'copy-store' })
    const fn = await cp.functions.createFunction({
      name: 'copy-fn',
      config: RUNTIME,
      code: 'function handler(event) { return event.request }',
    })
    const distribution = await cp.distributions.createDistribution(distributionConfig({ reference: 'copy' }))

    const copied = async (label: string, expected: string) => {
      await page.evaluate('navigator.clipboard.writeText("")')
      const button = page.getByRole('button', { name: label })
      await button.click()
      await button.getByText('Copied').waitFor()
      assert.equal(await page.evaluate('navigator.clipboard.readText()'), expected, label)
    }

    await fixture.open('/key-value-stores/copy-store', /copy-store/)
    await copied('Copy store ID', store.id)
    await copied('Copy store ARN', store.arn)
    await fixture.browser.screenshot('store')
    await fixture.open('/functions/copy-fn', /copy-fn/)
    await copied('Copy function ARN', fn.arn)
    await fixture.open(`/distributions/${distribution.id}`, distribution.id)
    await copied('Copy distribution ID', distribution.id)
    await copied('Copy distribution ARN', distribution.arn)
    await fixture.browser.screenshot('distribution')
  } finally {
    await fixture.close()
  }
})
