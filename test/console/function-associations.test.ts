import assert from 'node:assert/strict'
import { test } from 'node:test'
import { consoleSkip, distributionConfig, startConsoleFixture } from './console-fixture.js'

const RUNTIME = { comment: '', runtime: 'cloudfront-js-2.0' as const, keyValueStoreArns: [] }
const CODE = 'function handler(event) { return event.request }'

test('functions: the list and the function page show the distribution, behavior and event type of each association', {
  skip: consoleSkip,
  timeout: 60_000,
}, async () => {
  const fixture = await startConsoleFixture('function-associations')
  try {
    const cp = fixture.control.controlPlane
    const { page } = fixture.browser
    const router = await cp.functions.createFunction({ name: 'router', config: RUNTIME, code: CODE })
    const live = await cp.functions.publishFunction('router', { ifMatch: router.etag })
    await cp.functions.createFunction({ name: 'unused', config: RUNTIME, code: CODE })
    const distribution = await cp.distributions.createDistribution(
      distributionConfig({
        reference: 'associations',
        defaultFunctionArn: live.arn,
        behaviors: [{ pathPattern: '/hello*', functionArn: live.arn, eventType: 'viewer-response' }],
      }),
    )
    const id = distribution.id

    await fixture.open('/functions', 'Functions')
    const row = page.getByRole('row', { name: /router/ })
    await row.getByText(`${id} · /hello* · viewer-response`).waitFor()
    await row.getByText(`${id} · Default (*) · viewer-request`).waitFor()
    assert.match((await page.getByRole('row', { name: /unused/ }).textContent()) ?? '', /None/)
    await fixture.browser.screenshot('functions-list')

    await row.getByRole('link', { name: 'router' }).click()
    await page.getByRole('heading', { name: /router/ }).waitFor()
    await page
      .getByTestId('function-associations')
      .getByText(`${id} · Default (*) · viewer-request`)
      .waitFor()
    await page.getByRole('tab', { name: 'Publish' }).click()
    const card = page.getByRole('region', { name: 'Associated distributions' })
    const rows = card.getByRole('row')
    await rows.nth(1).waitFor()
    assert.deepEqual(
      (await rows.allInnerTexts()).slice(1).map((text) => text.split(/\s+/).filter(Boolean).join(' ')),
      [`${id} /hello* viewer-response`, `${id} Default (*) viewer-request`],
    )
    await fixture.browser.screenshot('function-publish-tab')
    await card.getByRole('link', { name: id }).first().click()
    await page.waitForURL(new RegExp(`/console/distributions/${id}$`))
  } finally {
    await fixture.close()
  }
})
