import assert from 'node:assert/strict'
import { test } from 'node:test'
import { QuarantineBook } from './quarantine.js'

const ARN = 'arn:aws:cloudfront::000000000000:function/bomb'

test('QuarantineBook: one crash is forgiven, a second within a minute quarantines for 30 s', () => {
  let now = 1_000_000
  const book = new QuarantineBook({ now: () => now })
  assert.deepEqual(book.crashed(ARN), { crashes: 1 })
  assert.deepEqual(book.active(), [])
  now += 59_000
  assert.deepEqual(book.crashed(ARN), { crashes: 2, quarantinedMs: 30_000 })
  assert.deepEqual(book.active(), [{ arn: ARN, until: now + 30_000 }])
  now += 30_000
  assert.deepEqual(book.active(), [])
})

test('QuarantineBook: crashes more than a minute apart never quarantine', () => {
  let now = 0
  const book = new QuarantineBook({ now: () => now })
  for (let i = 0; i < 5; i++) {
    assert.equal(book.crashed(ARN).quarantinedMs, undefined)
    now += 61_000
  }
})

test('QuarantineBook: quarantined again soon after, the interval doubles up to 15 min; a clean period resets it', () => {
  let now = 0
  const book = new QuarantineBook({ now: () => now })
  const intervals: number[] = []
  for (let i = 0; i < 7; i++) {
    book.crashed(ARN)
    const ms = book.crashed(ARN).quarantinedMs
    assert.ok(ms !== undefined)
    intervals.push(ms)
    now += ms + 1_000
  }
  assert.deepEqual(intervals, [30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000])
  now += 15 * 60_000
  book.crashed(ARN)
  assert.equal(book.crashed(ARN).quarantinedMs, 30_000)
})

test('QuarantineBook: forget lifts a quarantine and clears the record; other functions are untouched', () => {
  const now = 0
  const book = new QuarantineBook({ now: () => now })
  book.crashed(ARN)
  book.crashed(ARN)
  book.crashed(`${ARN}-other`)
  assert.equal(book.forget(ARN), true)
  assert.deepEqual(book.active(), [])
  assert.deepEqual(book.crashed(ARN), { crashes: 1 })
  assert.equal(book.crashed(`${ARN}-other`).quarantinedMs, 30_000)
})
