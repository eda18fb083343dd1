import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { test } from 'node:test'
import { consoleSkip, startConsoleFixture } from './console-fixture.js'

test('edges page: catch-up is not a propagation time, connected edges are seen now, an unnamed edge shows its id once, a disconnected edge behind is not in sync', {
  skip: consoleSkip,
  timeout: 60_000,
}, async () => {
  const fixture = await startConsoleFixture('edges-page')
  try {
    const cp = fixture.control.controlPlane
    const { page } = fixture.browser
    const store = await cp.keyValueStores.createKeyValueStore({ name: 'edges-store' })
    await cp.keys.putKey(store.arn, { key: 'k', value: 'v', ifMatch: store.dataEtag })
    const latest = await cp.state.latestRevision()
    const registry = cp.edges

    // Connected and up to date since the change.
    registry.connect('edge-live-id', 'edge-live', latest)
    // Joins after the change, committed 10.85 s ago, and catches up on it.
    registry.connect('edge-late-id', 'edge-late', 0)
    registry.ack('edge-late-id', 'edge-late', latest, Date.now() - 10_850)
    // Started without a name: it reports its id as its name.
    const unnamed = randomUUID()
    registry.connect(unnamed, unnamed, latest)
    // Was connected once, went away before the change.
    registry.connect('edge-gone-id', 'edge-gone', 0)()

    await fixture.open('/edges', 'Edges')
    const late = page.getByRole('row', { name: /edge-late/ })
    await late.waitFor()
    const cells = await late.getByRole('cell').allInnerTexts()
    assert.equal(cells[4], '—', `catching up is not "Last change took": ${cells.join(' | ')}`)
    assert.doesNotMatch((await page.getByTestId('last-change').textContent()) ?? '', /10\.85/)

    const live = await page
      .getByRole('row', { name: /edge-live/ })
      .getByRole('cell')
      .allInnerTexts()
    assert.equal(live[5], 'Now', `a connected edge is seen now: ${live.join(' | ')}`)

    const unnamedRow = page.getByRole('row', { name: new RegExp(unnamed) })
    const unnamedText = (await unnamedRow.textContent()) ?? ''
    assert.equal(unnamedText.split(unnamed).length - 1, 1, `the id once: ${unnamedText}`)
    await unnamedRow.getByText('Unnamed edge').waitFor()

    const headline = (await page.getByTestId('edges-at-latest').textContent()) ?? ''
    assert.doesNotMatch(headline, /In sync/)
    assert.match(headline, /3 \/ 4/)
    assert.match(headline, /1 disconnected edge behind/)
    await fixture.browser.screenshot('edges')
  } finally {
    await fixture.close()
  }
})
