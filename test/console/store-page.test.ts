import assert from 'node:assert/strict'
import { test } from 'node:test'
import { consoleSkip, distributionConfig, startConsoleFixture } from './console-fixture.js'

test('store page: the id on its own with a use-in-code snippet to copy, and the description edited in place', {
  skip: consoleSkip,
  timeout: 60_000,
}, async () => {
  const fixture = await startConsoleFixture('store-page')
  try {
    const cp = fixture.control.controlPlane
    const { page, context } = fixture.browser
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cp.url })
    const store = await cp.keyValueStores.createKeyValueStore({ name: 'described', comment: 'first words' })

    await fixture.open('/key-value-stores/described', /described/)
    assert.equal(await page.getByTestId('store-id').locator('.mono').textContent(), store.id)
    const snippet = `import cf from 'cloudfront'\nconst kvs = cf.kvs('${store.id}')`
    assert.equal(await page.getByTestId('use-in-code').textContent(), snippet)
    await page.getByRole('button', { name: 'Copy code snippet' }).click()
    await page.getByRole('button', { name: 'Copy code snippet' }).getByText('Copied').waitFor()
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), snippet)

    const description = page.getByTestId('store-description')
    await description.getByText('first words').waitFor()
    await description.getByRole('button', { name: 'Edit description' }).click()
    await description.getByLabel('Description').fill('prices by country')
    await description.getByRole('button', { name: 'Save description' }).click()
    await description.getByText('prices by country').waitFor()
    assert.equal((await cp.keyValueStores.describeKeyValueStore('described')).comment, 'prices by country')
    await fixture.browser.screenshot('store-details')
  } finally {
    await fixture.close()
  }
})

test('distributions: the local edge’s default distribution is marked, with the curl command for its URL', {
  skip: consoleSkip,
  timeout: 60_000,
}, async () => {
  const fixture = await startConsoleFixture('default-distribution')
  try {
    const cp = fixture.control.controlPlane
    const { page, context } = fixture.browser
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cp.url })
    const other = await cp.distributions.createDistribution(distributionConfig({ reference: 'other' }))
    const demo = await cp.distributions.createDistribution(distributionConfig({ reference: 'demo' }))
    cp.setLocalEdge({ url: 'http://127.0.0.1:8080', defaultDistributionId: demo.id })

    await fixture.open('/distributions', 'Distributions')
    const note = page.getByTestId('local-edge')
    await note.getByText(`curl http://127.0.0.1:8080/`).waitFor()
    assert.match((await note.textContent()) ?? '', new RegExp(`serves ${demo.id} for any Host`))
    await note.getByRole('button', { name: 'Copy curl command' }).click()
    await note.getByText('Copied').waitFor()
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), 'curl http://127.0.0.1:8080/')
    await page
      .getByRole('row', { name: new RegExp(demo.id) })
      .getByText('Default')
      .waitFor()
    assert.doesNotMatch(
      (await page.getByRole('row', { name: new RegExp(other.id) }).textContent()) ?? '',
      /Default/,
    )
    await fixture.browser.screenshot('distributions-default')
  } finally {
    await fixture.close()
  }
})
