import assert from 'node:assert/strict'
import { test } from 'node:test'
import { EdgeRegistry } from './edge-registry.js'
import { awaitPropagation, propagationOf } from './propagation.js'

function listing(registry: EdgeRegistry, latest: () => number) {
  return () => ({ latestRevision: latest(), edges: registry.list(latest()) })
}

test('propagationOf: counts connected edges at the revision and names those behind; disconnected ones do not count', () => {
  const registry = new EdgeRegistry()
  registry.connect('a', 'paris', 5)
  registry.connect('b', 'tokyo', 3)
  const close = registry.connect('c', 'lima', 1)
  close()
  assert.deepEqual(propagationOf(registry.list(5), 5), {
    revision: 5,
    connectedEdges: 2,
    appliedEdges: 1,
    behind: [{ id: 'b', name: 'tokyo', appliedRevision: 3 }],
    complete: false,
  })
  assert.equal(propagationOf(new EdgeRegistry().list(5), 5).complete, true)
})

test('awaitPropagation: answers when the last connected edge acknowledges the revision', async () => {
  const registry = new EdgeRegistry()
  registry.connect('a', 'paris', 4)
  registry.connect('b', 'tokyo', 4)
  let latest = 5
  const waiting = awaitPropagation(
    listing(registry, () => latest),
    { waitMs: 30_000 },
  )
  registry.ack('a', 'paris', 5, undefined)
  // A later revision does not move the target: the wait is for the revision current at the start.
  latest = 6
  registry.ack('b', 'tokyo', 5, undefined)
  const status = await waiting
  assert.equal(status.revision, 5)
  assert.equal(status.complete, true)
  assert.equal(status.appliedEdges, 2)
})

test('awaitPropagation: after waitMs, answers with the edges still behind', async () => {
  const registry = new EdgeRegistry()
  registry.connect('a', 'paris', 1)
  const status = await awaitPropagation(
    listing(registry, () => 2),
    { revision: 2, waitMs: 20 },
  )
  assert.equal(status.complete, false)
  assert.deepEqual(status.behind, [{ id: 'a', name: 'paris', appliedRevision: 1 }])
})
