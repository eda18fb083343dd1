import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { RunningMarker, readRunningMarker, runningMarkerPath } from './running-marker.js'

const dir = mkdtempSync(join(tmpdir(), 'verge-marker-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const LONG = 'arn:aws:cloudfront::000000000000:function/a-much-longer-function-name'
const SHORT = 'arn:aws:cloudfront::000000000000:function/b'
const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

test('RunningMarker: names the running function until the turn after it returns', async () => {
  const path = runningMarkerPath(dir, 1)
  const marker = new RunningMarker(path)
  assert.equal(readRunningMarker(path), undefined)
  marker.enter(LONG)
  assert.equal(readRunningMarker(path), LONG)
  marker.leave()
  // A shorter ARN over a longer one reads back whole, not with the old one's tail.
  marker.enter(SHORT)
  assert.equal(readRunningMarker(path), SHORT)
  marker.leave()
  await nextTurn()
  assert.equal(readRunningMarker(path), undefined)
  marker.close()
})

test('RunningMarker: a function still running at the end of the turn stays named', async () => {
  const path = runningMarkerPath(dir, 2)
  const marker = new RunningMarker(path)
  marker.enter(SHORT)
  marker.leave()
  marker.enter(LONG)
  await nextTurn()
  assert.equal(readRunningMarker(path), LONG)
  marker.close()
})

test('readRunningMarker: a missing file names nothing', () => {
  assert.equal(readRunningMarker(join(dir, 'none')), undefined)
})
