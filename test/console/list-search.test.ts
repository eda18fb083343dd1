import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { consoleSkip, distributionConfig, startConsoleFixture } from './console-fixture.js'

const RUNTIME = { comment: '', runtime: 'cloudfront-js-2.0' as const, keyValueStoreArns: [] }
const CODE = 'function handler(event) { return event.request }'

/** The pager's "Page N of M · …" line, once it reads `expected`. */
async function pagerReads(page: Page, expected: string): Promise<void> {
  const status = page.getByTestId('pager-status')
  await status.getByText(expected, { exact: true }).waitFor()
}

async function search(page: Page, label: string, text: string): Promise<void> {
  await page.getByRole('searchbox', { name: label }).fill(text)
}

test('lists: every list searches and pages, saying page N of M', {
  skip: consoleSkip,
  timeout: 90_000,
}, async () => {
  const fixture = await startConsoleFixture('list-search')
  try {
    const cp = fixture.control.controlPlane
    const { page } = fixture.browser
    for (let i = 1; i <= 27; i++) {
      const name = `store-${String(i).padStart(2, '0')}`
      await cp.keyValueStores.createKeyValueStore({ name, comment: i === 7 ? 'prices' : '' })
    }
    const keyed = await cp.keyValueStores.describeKeyValueStore('store-01')
    const data = Array.from({ length: 25 }, (_, i) => ({
      key: `k${String(i).padStart(2, '0')}`,
      value: i % 10 === 3 ? 'blue' : 'red',
    }))
    await cp.keyValueStores.importKeyValueStore('store-01', { bytes: Buffer.from(JSON.stringify({ data })) })
    await cp.keys.putKey(keyed.arn, {
      key: 'k03',
      value: 'green',
      ifMatch: (await cp.keyValueStores.describeKeyValueStore('store-01')).dataEtag,
    })
    await cp.functions.createFunction({ name: 'router', config: RUNTIME, code: CODE })
    await cp.functions.createFunction({ name: 'rewriter', config: RUNTIME, code: CODE })
    const first = await cp.distributions.createDistribution(distributionConfig({ reference: 'one' }))
    await cp.distributions.createDistribution(distributionConfig({ reference: 'two' }))

    await fixture.open('/key-value-stores', 'Key value stores')
    await pagerReads(page, 'Page 1 of 2 · 27 stores')
    assert.equal(await page.getByRole('link', { name: /^store-/ }).count(), 25)
    await page.getByRole('button', { name: 'Next ›' }).click()
    await pagerReads(page, 'Page 2 of 2 · 27 stores')
    await page.getByRole('link', { name: 'store-27' }).waitFor()
    await search(page, 'Search stores', 'PRICES')
    await pagerReads(page, 'Page 1 of 1 · 1 store')
    await page.getByRole('link', { name: 'store-07' }).waitFor()
    await search(page, 'Search stores', 'nothing-like-this')
    await page.getByText('No store matches “nothing-like-this”').waitFor()
    await fixture.browser.screenshot('stores-search')

    await fixture.open('/key-value-stores/store-01', /store-01/)
    await page.getByLabel('Per page').selectOption('10')
    await pagerReads(page, 'Page 1 of 3 · 25 keys in the store')
    await page.getByRole('button', { name: 'Next ›' }).click()
    await pagerReads(page, 'Page 2 of 3 · 25 keys in the store')
    await search(page, 'Search keys and values', 'blue')
    await pagerReads(page, 'Page 1 of 1 · 2 keys match')
    await page.getByRole('tab', { name: 'Revisions' }).click()
    await pagerReads(page, 'Page 1 of 1 · 3 revisions')
    await search(page, 'Search revisions and keys', 'k03')
    await pagerReads(page, 'Page 1 of 1 · 1 revision')
    await page.getByRole('cell', { name: 'Key put' }).waitFor()

    await fixture.open('/functions', 'Functions')
    await pagerReads(page, 'Page 1 of 1 · 2 functions')
    await search(page, 'Search functions', 'rewr')
    await pagerReads(page, 'Page 1 of 1 · 1 function')
    await page.getByRole('link', { name: 'rewriter' }).waitFor()
    assert.equal(await page.getByRole('link', { name: 'router' }).count(), 0)

    await fixture.open('/distributions', 'Distributions')
    await pagerReads(page, 'Page 1 of 1 · 2 distributions')
    await search(page, 'Search distributions', first.id.toLowerCase())
    await pagerReads(page, 'Page 1 of 1 · 1 distribution')
    await page.getByRole('link', { name: first.id }).waitFor()

    const closeParis = cp.edges.connect('edge-paris-id', 'paris', 0)
    const closeTokyo = cp.edges.connect('edge-tokyo-id', 'tokyo', 0)
    await fixture.open('/edges', 'Edges')
    await pagerReads(page, 'Page 1 of 1 · 2 edges')
    await search(page, 'Search edges', 'TOK')
    await pagerReads(page, 'Page 1 of 1 · 1 edge')
    await page.getByText('edge-tokyo-id').waitFor()
    assert.equal(await page.getByText('edge-paris-id').count(), 0)
    closeParis()
    closeTokyo()
    await fixture.browser.screenshot('edges-search')
  } finally {
    await fixture.close()
  }
})
