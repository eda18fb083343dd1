import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { EDGE_ID_HEADER, SYNC_ACK_PATH } from '../../src/sync/protocol.js'
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js'

let cp: TestControlPlane

before(async () => {
  cp = await startTestControlPlane()
})
after(async () => {
  await cp.stop()
})

const ack = (body: string) =>
  fetch(new URL(SYNC_ACK_PATH, cp.controlPlane.url), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${cp.controlPlane.edgeToken}`,
      [EDGE_ID_HEADER]: 'edge-ack-test',
      'content-type': 'application/json',
    },
    body,
  })

test('sync ack: a body over 4 KB is a 413 and the edge is not recorded; the control plane serves on', async () => {
  const oversized = await ack(JSON.stringify({ revision: 0, padding: 'x'.repeat(5000) }))
  assert.equal(oversized.status, 413)
  assert.match(((await oversized.json()) as { message: string }).message, /at most 4096 bytes/)
  const edges = await fetch(new URL('/_verge/edges', cp.controlPlane.url), {
    headers: { authorization: `Bearer ${cp.controlPlane.edgeToken}` },
  })
  const listed = (await edges.json()) as { edges: { id: string }[] }
  assert.equal(
    listed.edges.some((edge) => edge.id === 'edge-ack-test'),
    false,
  )
})

test('sync ack: a small body is acknowledged (204) and bad JSON is a 400', async () => {
  assert.equal((await ack(JSON.stringify({ revision: 0 }))).status, 204)
  assert.equal((await ack('{not json')).status, 400)
})
