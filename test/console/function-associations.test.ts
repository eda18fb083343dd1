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
      [`${id} /hello* viewer-response Remove`, `${id} Default (*) viewer-request Remove`],
    )
    await fixture.browser.screenshot('function-publish-tab')
    await card.getByRole('link', { name: id }).first().click()
    await page.waitForURL(new RegExp(`/console/distributions/${id}$`))
  } finally {
    await fixture.close()
  }
})

test('functions: "Add association" on the Publish tab saves the distribution’s behavior, and Remove takes it off', {
  skip: consoleSkip,
  timeout: 60_000,
}, async () => {
  const fixture = await startConsoleFixture('function-add-association')
  try {
    const cp = fixture.control.controlPlane
    const { page } = fixture.browser
    const created = await cp.functions.createFunction({ name: 'headers', config: RUNTIME, code: CODE })
    const live = await cp.functions.publishFunction('headers', { ifMatch: created.etag })
    const other = await cp.functions.createFunction({ name: 'other', config: RUNTIME, code: CODE })
    const otherLive = await cp.functions.publishFunction('other', { ifMatch: other.etag })
    const distribution = await cp.distributions.createDistribution(
      distributionConfig({
        reference: 'add-association',
        behaviors: [{ pathPattern: '/api/*', functionArn: otherLive.arn, eventType: 'viewer-request' }],
      }),
    )
    const id = distribution.id

    await fixture.open('/functions/headers', /headers/)
    await page.getByRole('tab', { name: 'Publish' }).click()
    const card = page.getByRole('region', { name: 'Associated distributions' })
    await card.getByText('Not associated with any distribution').waitFor()
    await card.getByRole('button', { name: 'Add association' }).click()
    const form = card.getByRole('form', { name: 'Add association' })
    await form.getByLabel('Distribution').selectOption(id)
    await form
      .getByLabel('Cache behavior')
      .locator('option', { hasText: '/api/*' })
      .waitFor({ state: 'attached' })
    await form.getByLabel('Cache behavior').selectOption('/api/*')
    // The behavior already runs another function for viewer requests: the form says so.
    await form.getByText(/runs other for viewer-request now: saving replaces it/).waitFor()
    await form.getByLabel('Event type').selectOption('viewer-response')
    await fixture.browser.screenshot('add-association')
    await form.getByRole('button', { name: 'Save association' }).click()
    await card.getByRole('row', { name: new RegExp(`${id} /api/\\* viewer-response`) }).waitFor()
    await card
      .getByTestId('propagation')
      .getByText(/no edge is connected/)
      .waitFor()

    const saved = await cp.distributions.getDistribution(id)
    const api = saved.edgeConfig.CacheBehaviors.find((b) => b.PathPattern === '/api/*')
    assert.deepEqual(
      api?.FunctionAssociations.map((a) => [a.EventType, a.FunctionARN]),
      [
        ['viewer-request', otherLive.arn],
        ['viewer-response', live.arn],
      ],
    )
    await fixture.browser.screenshot('association-added')

    await card.getByRole('button', { name: `Remove from ${id} /api/* viewer-response` }).click()
    await card.getByText('Not associated with any distribution').waitFor()
    const after = await cp.distributions.getDistribution(id)
    assert.deepEqual(
      after.edgeConfig.CacheBehaviors[0]?.FunctionAssociations.map((a) => a.FunctionARN),
      [otherLive.arn],
    )
  } finally {
    await fixture.close()
  }
})
