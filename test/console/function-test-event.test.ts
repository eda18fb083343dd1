import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { consoleSkip, startConsoleFixture } from './console-fixture.js'

const RUNTIME = { comment: '', runtime: 'cloudfront-js-2.0' as const, keyValueStoreArns: [] }
// Returns the request with the viewer's IP added as a header, so the output shows every field.
const CODE = `function handler(event) {
  var request = event.request
  request.headers['x-viewer-ip'] = { value: event.viewer.ip }
  return request
}
`

/** The event as JSON, parsed from the editor's text. */
async function eventJson(page: Page): Promise<{ request: Record<string, unknown>; viewer: { ip: string } }> {
  const text = (await page
    .getByRole('textbox', { name: 'Test event', exact: true })
    .evaluate((element: { innerText: string }) => element.innerText)) as string
  return JSON.parse(text)
}

async function replaceJson(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Test event', exact: true }).click()
  await page.keyboard.press('Control+A')
  await page.keyboard.press('Delete')
  await page.keyboard.insertText(text)
}

test('test tab: the event form and the JSON stay in sync, the test runs what they say, and saved events come back', {
  skip: consoleSkip,
  timeout: 60_000,
}, async () => {
  const fixture = await startConsoleFixture('function-test-event')
  try {
    const cp = fixture.control.controlPlane
    const { page } = fixture.browser
    await cp.functions.createFunction({ name: 'echo', config: RUNTIME, code: CODE })
    await fixture.open('/functions/echo', /echo/)
    await page.getByRole('tab', { name: 'Test' }).click()
    const form = page.getByTestId('test-event-form')

    // The form starts from the JSON.
    assert.equal(await form.getByLabel('URI').inputValue(), '/hello')
    assert.equal(await form.getByLabel('header 1 name').inputValue(), 'host')

    // The form writes into the JSON.
    await form.getByLabel('HTTP method').selectOption('POST')
    await form.getByLabel('URI').fill('/api/items')
    await form.getByLabel('Viewer IP').fill('203.0.113.9')
    await form.getByRole('button', { name: 'Add header' }).click()
    await form.getByLabel('header 3 name').fill('X-Test')
    await form.getByLabel('header 3 value').fill('yes')
    await form.getByRole('button', { name: 'Add cookie' }).click()
    await form.getByLabel('cookie 1 name').fill('session')
    await form.getByLabel('cookie 1 value').fill('abc')
    await form.getByRole('button', { name: 'Add query parameter' }).click()
    await form.getByLabel('query parameter 1 name').fill('page')
    await form.getByLabel('query parameter 1 value').fill('2')
    const built = await eventJson(page)
    assert.equal(built.request.method, 'POST')
    assert.equal(built.request.uri, '/api/items')
    assert.equal(built.viewer.ip, '203.0.113.9')
    assert.deepEqual(built.request.headers, {
      host: { value: 'www.example.com' },
      accept: { value: 'text/html' },
      'x-test': { value: 'yes' },
    })
    assert.deepEqual(built.request.cookies, { session: { value: 'abc' } })
    assert.deepEqual(built.request.querystring, { page: { value: '2' } })
    await fixture.browser.screenshot('event-form')

    // The JSON writes into the form.
    const edited = { ...built, request: { ...built.request, uri: '/from-json' } }
    await replaceJson(page, JSON.stringify(edited, null, 2))
    await page.waitForFunction(`document.getElementById('event-uri').value === '/from-json'`)

    await page.getByRole('button', { name: 'Test function' }).click()
    const shown = JSON.parse((await page.getByTestId('test-output').textContent()) ?? '{}') as {
      request: unknown
    }
    const output = shown.request as {
      method: string
      uri: string
      headers: Record<string, { value: string }>
      cookies: Record<string, { value: string }>
      querystring: Record<string, { value: string }>
    }
    assert.equal(output.method, 'POST')
    assert.equal(output.uri, '/from-json')
    assert.equal(output.headers['x-viewer-ip']?.value, '203.0.113.9')
    assert.equal(output.headers['x-test']?.value, 'yes')
    assert.equal(output.cookies.session?.value, 'abc')
    assert.equal(output.querystring.page?.value, '2')

    // Saved per function in this browser, and loaded back after a reload.
    await page.getByLabel('Test event name').fill('post items')
    await page.getByRole('button', { name: 'Save test event' }).click()
    await fixture.open('/functions/echo', /echo/)
    await page.getByRole('tab', { name: 'Test' }).click()
    assert.equal(await form.getByLabel('URI').inputValue(), '/hello')
    await page.getByLabel('Saved test event', { exact: true }).selectOption('post items')
    assert.equal(await form.getByLabel('URI').inputValue(), '/from-json')
    assert.equal(await form.getByLabel('HTTP method').inputValue(), 'POST')
    assert.equal((await eventJson(page)).request.uri, '/from-json')
    const stored = (await page.evaluate('localStorage.getItem("verge:test-events:echo")')) as string
    assert.equal((JSON.parse(stored) as { name: string }[])[0]?.name, 'post items')
    await fixture.browser.screenshot('saved-event-loaded')
  } finally {
    await fixture.close()
  }
})
