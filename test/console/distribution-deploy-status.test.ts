import assert from 'node:assert/strict'
import { test } from 'node:test'
import { consoleSkip, distributionConfig, startConsoleFixture } from './console-fixture.js'

test('distribution page: the status follows the deploy to Deployed without a reload, and the save outcome shows beside the button', {
  skip: consoleSkip,
  timeout: 60_000,
}, async () => {
  const fixture = await startConsoleFixture('distribution-deploy-status')
  try {
    const cp = fixture.control.controlPlane
    const { page } = fixture.browser
    const created = await cp.distributions.createDistribution(
      distributionConfig({ reference: 'deploy-status' }),
    )
    // An edge that is connected but has not applied the change yet keeps the status InProgress.
    const disconnect = cp.edges.connect('edge-slow-id', 'edge-slow', 0)
    try {
      await fixture.open(`/distributions/${created.id}`, created.id)
      await page.getByRole('heading').getByText('InProgress').waitFor()
      await page.getByLabel('Description').fill('Changed from the console')
      await page.getByRole('button', { name: 'Save changes' }).click()
      const saved = page.getByTestId('save-bar').getByRole('status').filter({ hasText: 'Saved.' })
      await saved.getByText('Saved.').waitFor()
      // The outcome is in view where the button is, not at the top of the long form.
      const box = await saved.boundingBox()
      const viewport = page.viewportSize()
      assert.ok(box !== null && viewport !== null)
      assert.ok(
        box.y >= 0 && box.y + box.height <= viewport.height,
        `the save outcome is off-screen: ${box.y}`,
      )
      await saved.getByText('Deploying to the edges').waitFor()
      await fixture.browser.screenshot('deploying')

      // The edge applies it: the page follows without being reloaded.
      cp.edges.ack('edge-slow-id', 'edge-slow', await cp.state.latestRevision(), undefined)
      await page.getByRole('heading').getByText('Deployed').waitFor({ timeout: 5_000 })
      await saved.getByText('Deployed to every connected edge.').waitFor()
      await fixture.browser.screenshot('deployed')
    } finally {
      disconnect()
    }
  } finally {
    await fixture.close()
  }
})
