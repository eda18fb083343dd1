import assert from 'node:assert/strict'
import { test } from 'node:test'
import { consoleSkip, startConsoleFixture } from './console-fixture.js'

test('store page: a store that does not exist shows one error and a way back, no tabs or buttons', {
  skip: consoleSkip,
  timeout: 60_000,
}, async () => {
  const fixture = await startConsoleFixture('store-missing')
  try {
    const { page } = fixture.browser
    await fixture.open('/key-value-stores/no-such-store', 'no-such-store')
    await page.getByRole('alert').first().waitFor()
    // Let the page's other requests, if any, settle before counting.
    await page.waitForLoadState('networkidle')
    assert.equal(await page.getByRole('alert').count(), 1)
    assert.match((await page.getByRole('alert').textContent()) ?? '', /no-such-store|not exist|NoSuch/i)
    assert.equal(await page.getByRole('tablist').count(), 0)
    assert.equal(await page.getByRole('button', { name: 'Add pair' }).count(), 0)
    await fixture.browser.screenshot('missing-store')
    await page.getByRole('link', { name: 'Back to key value stores' }).click()
    await page.getByRole('heading', { name: 'Key value stores' }).waitFor()
  } finally {
    await fixture.close()
  }
})
