import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { test } from 'node:test'
import { consoleSkip, startConsoleFixture } from './console-fixture.js'

test('import: the console follows the import job until the store is READY, without a reload', {
  skip: consoleSkip,
  timeout: 60_000,
}, async () => {
  // The import source answers only when the test lets it, so the job is seen running.
  let held: ServerResponse | undefined
  let requested: () => void = () => undefined
  const asked = new Promise<void>((resolve) => (requested = resolve))
  const source = createServer((_req, res) => {
    held = res
    requested()
  })
  await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(source.address() as AddressInfo).port}/data.json`
  const fixture = await startConsoleFixture('store-import-job')
  try {
    const { page } = fixture.browser
    await page.getByRole('button', { name: 'Create key value store' }).click()
    await page.getByLabel('Name').fill('from-url')
    await page.getByLabel('Or import from a source (optional)').fill(url)
    await page.getByRole('button', { name: 'Create store' }).click()
    await page.getByRole('heading', { name: /from-url/ }).waitFor()
    await asked
    await page
      .getByTestId('import-progress')
      .getByText(/the import job is running/)
      .waitFor()
    await fixture.browser.screenshot('import-running')
    const data = [
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
    ]
    held?.end(JSON.stringify({ data }))
    await page.getByTestId('import-progress').getByText('Import finished: 2 keys (4 B).').waitFor()
    await page.getByRole('cell', { name: 'b', exact: true }).waitFor()
    assert.match((await page.getByRole('heading', { name: /from-url/ }).textContent()) ?? '', /READY/)
    await fixture.browser.screenshot('import-done')
  } finally {
    held?.destroy()
    source.close()
    await fixture.close()
  }
})

test('import: replacing a store’s content asks first, says what it replaces, and shows the revision’s changes', {
  skip: consoleSkip,
  timeout: 60_000,
}, async () => {
  const fixture = await startConsoleFixture('store-import-confirm')
  try {
    const cp = fixture.control.controlPlane
    const { page } = fixture.browser
    await cp.keyValueStores.createKeyValueStore({ name: 'prices' })
    const initial = [
      { key: 'fr', value: '10' },
      { key: 'de', value: '12' },
      { key: 'it', value: '9' },
    ]
    await cp.keyValueStores.importKeyValueStore('prices', {
      bytes: Buffer.from(JSON.stringify({ data: initial })),
    })
    const file = join(fixture.control.dataDir, 'new-prices.json')
    const next = [
      { key: 'fr', value: '11' },
      { key: 'de', value: '12' },
      { key: 'es', value: '8' },
    ]
    writeFileSync(file, JSON.stringify({ data: next }))

    await fixture.open('/key-value-stores/prices', /prices/)
    await page.getByRole('tab', { name: 'Import' }).click()
    await page.getByLabel('JSON file').setInputFiles(file)
    await page.getByRole('button', { name: 'Import file' }).click()
    const dialog = page.getByRole('dialog', { name: 'Replace the content of prices?' })
    await dialog
      .getByText(/The 3 keys now in prices are replaced by the 3 pairs of new-prices.json/)
      .waitFor()
    await fixture.browser.screenshot('import-confirm')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    // Nothing was replaced by asking.
    assert.equal((await cp.keyValueStores.exportKeyValueStore('prices')).includes('"it"'), true)

    await page.getByRole('button', { name: 'Import file' }).click()
    await dialog.getByRole('button', { name: 'Replace content' }).click()
    await page.getByText(/Imported 3 keys as revision \d+\./).waitFor()
    assert.equal((await cp.keyValueStores.exportKeyValueStore('prices')).includes('"it"'), false)

    await page.getByRole('tab', { name: 'Revisions' }).click()
    const newest = page.getByRole('row').nth(1)
    await newest.getByRole('button', { name: /^Changes in revision/ }).click()
    const changes = page.getByRole('list', { name: /^Changes in revision/ })
    await changes.getByRole('listitem').first().waitFor()
    assert.deepEqual(
      (await changes.getByRole('listitem').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()),
      ['Added es = 8', 'Removed it (was 9)', 'Changed fr: 10 → 11'],
    )
    await fixture.browser.screenshot('revision-changes')
  } finally {
    await fixture.close()
  }
})
