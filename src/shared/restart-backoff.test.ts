import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RestartBackoff } from './restart-backoff.js'

test('RestartBackoff: doubles from 100 ms to 10 s while deaths keep coming', () => {
  let now = 0
  const backoff = new RestartBackoff({ now: () => now })
  const waits: number[] = []
  for (let i = 0; i < 10; i++) {
    waits.push(backoff.died())
    now += 50
  }
  assert.deepEqual(waits, [100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000, 10_000])
})

test('RestartBackoff: a death after a healthy period waits 100 ms again', () => {
  let now = 0
  const backoff = new RestartBackoff({ now: () => now })
  backoff.died()
  backoff.died()
  assert.equal(backoff.died(), 400)
  now += 30_000
  assert.equal(backoff.died(), 100)
})
