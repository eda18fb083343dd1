import assert from 'node:assert/strict'
import { test } from 'node:test'
import { PHONE } from './browser.js'
import { consoleSkip, startConsoleFixture } from './console-fixture.js'

test('console at 390 px: the sidebar is behind a Menu button, and following a link closes it', {
  skip: consoleSkip,
  timeout: 60_000,
}, async () => {
  const fixture = await startConsoleFixture('narrow-layout', PHONE)
  try {
    const { page } = fixture.browser
    const nav = page.getByRole('navigation', { name: 'Main' })
    const menu = page.getByRole('button', { name: 'Menu' })
    assert.equal(await nav.isVisible(), false, 'the sidebar is closed at first')
    // The page starts at the top, not under a stacked sidebar.
    const heading = await page.getByRole('heading', { name: 'Key value stores' }).boundingBox()
    assert.ok(heading !== null && heading.y < 200, `the heading starts ${heading?.y} px down`)
    assert.equal(await menu.getAttribute('aria-expanded'), 'false')
    await menu.click()
    await nav.waitFor()
    assert.equal(await menu.getAttribute('aria-expanded'), 'true')
    await fixture.browser.screenshot('menu-open')
    await nav.getByRole('link', { name: 'Edges' }).click()
    await page.getByRole('heading', { name: 'Edges' }).waitFor()
    await nav.waitFor({ state: 'hidden' })
    await fixture.browser.screenshot('edges')
  } finally {
    await fixture.close()
  }
})
