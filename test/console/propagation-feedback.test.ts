import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import type { Locator } from 'playwright-core'
import { type EdgeNode, startEdgeNode } from '../../src/edge/index.js'
import { waitFor } from '../helpers/wait-for.js'
import { consoleSkip, distributionConfig, startConsoleFixture } from './console-fixture.js'

const RUNTIME = { comment: '', runtime: 'cloudfront-js-2.0' as const, keyValueStoreArns: [] }
const CODE = 'function handler(event) { return event.request }'
const REACHED = /^Reached 1\/1 edges in \d+ ms \(revision (\d+)\)\.$/

/** The note's revision, once it says the change reached the one edge. */
async function reachedRevision(note: Locator): Promise<number> {
  await note.getByText(REACHED).waitFor()
  return Number(REACHED.exec((await note.textContent()) ?? '')?.[1])
}

test('propagation: a key change, a publish and a distribution save each say "reached 1/1 edges in X ms" where they were made', {
  skip: consoleSkip,
  timeout: 90_000,
}, async () => {
  const fixture = await startConsoleFixture('propagation-feedback')
  const edgeDir = mkdtempSync(join(tmpdir(), 'verge-edge-'))
  let edge: EdgeNode | undefined
  try {
    const cp = fixture.control.controlPlane
    const { page } = fixture.browser
    const store = await cp.keyValueStores.createKeyValueStore({ name: 'greetings' })
    const fn = await cp.functions.createFunction({ name: 'greeter', config: RUNTIME, code: CODE })
    const distribution = await cp.distributions.createDistribution(
      distributionConfig({ reference: 'feedback' }),
    )
    edge = await startEdgeNode({
      controlUrl: cp.url,
      token: cp.edgeToken,
      dataDir: edgeDir,
      port: 0,
      name: 'feedback-edge',
    })
    await waitFor(() => cp.edges.minConnectedRevision() === cp.feed.latest, { what: 'the edge to catch up' })
    const appliedByEdge = () => cp.edges.list(cp.feed.latest)[0]?.appliedRevision ?? 0

    await fixture.open('/key-value-stores/greetings', /greetings/)
    await page.getByRole('button', { name: 'Add pair' }).click()
    await page.getByLabel('Key', { exact: true }).fill('hello')
    await page.getByLabel('Value', { exact: true }).fill('Bonjour')
    await page.getByRole('button', { name: 'Add pair', exact: true }).last().click()
    const keyRevision = await reachedRevision(page.getByTestId('propagation'))
    // What the note says is what the edge acknowledged: the put's revision has reached it.
    assert.ok(appliedByEdge() >= keyRevision)
    assert.equal(
      keyRevision,
      (await cp.state.listChanges({ entityId: store.id, descending: true, limit: 1 }))[0]?.revision,
    )
    await fixture.browser.screenshot('key-reached')

    await fixture.open('/functions/greeter', /greeter/)
    await page.getByRole('button', { name: 'Publish' }).click()
    const publishRevision = await reachedRevision(page.getByTestId('propagation'))
    assert.ok(publishRevision > keyRevision)
    assert.ok(appliedByEdge() >= publishRevision)
    assert.ok((await cp.functions.describeFunction(fn.name, 'LIVE')) !== undefined)

    await fixture.open(`/distributions/${distribution.id}`, distribution.id)
    await page.getByLabel('Description').fill('changed in the console')
    await page.getByRole('button', { name: 'Save changes' }).click()
    const bar = page.getByTestId('save-bar')
    const saveRevision = await reachedRevision(bar.getByTestId('propagation'))
    assert.ok(saveRevision > publishRevision)
    assert.ok(appliedByEdge() >= saveRevision)
    await bar.getByText(/Deployed to every connected edge/).waitFor()
    await fixture.browser.screenshot('distribution-reached')
  } finally {
    await edge?.close()
    await fixture.close()
    rmSync(edgeDir, { recursive: true, force: true })
  }
})

test('propagation: the note waits for the last connected edge, and says so as soon as it acknowledges', {
  skip: consoleSkip,
  timeout: 60_000,
}, async () => {
  const fixture = await startConsoleFixture('propagation-behind')
  try {
    const cp = fixture.control.controlPlane
    const { page } = fixture.browser
    await cp.keyValueStores.createKeyValueStore({ name: 'stuck' })
    // An edge the registry counts as connected, that never acknowledges what follows.
    const disconnect = cp.edges.connect('edge-stuck-id', 'stuck-edge', cp.feed.latest)
    try {
      await fixture.open('/key-value-stores/stuck', /stuck/)
      await page.getByRole('button', { name: 'Add pair' }).click()
      await page.getByLabel('Key', { exact: true }).fill('k')
      await page.getByLabel('Value', { exact: true }).fill('v')
      const asked = page.waitForRequest(/\/console\/api\/propagation/)
      await page.getByRole('button', { name: 'Add pair', exact: true }).last().click()
      await asked
      const note = page.getByTestId('propagation')
      await note.getByText(/^Sending the change to the edges…$/).waitFor()
      // Once it acknowledges, the wait ends at once.
      cp.edges.ack('edge-stuck-id', 'stuck-edge', cp.feed.latest, undefined)
      await note.getByText(REACHED).waitFor()
    } finally {
      disconnect()
    }
  } finally {
    await fixture.close()
  }
})
