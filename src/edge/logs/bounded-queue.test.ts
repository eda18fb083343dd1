import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BoundedQueue } from './bounded-queue.js'

test('BoundedQueue: past its capacity it drops the oldest and counts them', () => {
  const queue = new BoundedQueue<number>(3)
  assert.equal(queue.push([1, 2]), 0)
  assert.equal(queue.push([3, 4, 5]), 2)
  assert.deepEqual(queue.take(10), [3, 4, 5])
  assert.equal(queue.dropped, 2)
})

test('BoundedQueue: a batch put back goes first, and is what is dropped when newer items filled the queue', () => {
  const queue = new BoundedQueue<number>(4)
  queue.push([1, 2, 3])
  const batch = queue.take(2)
  assert.deepEqual(batch, [1, 2])
  queue.push([4, 5, 6])
  assert.equal(queue.putBack(batch), 2)
  assert.deepEqual(queue.take(10), [3, 4, 5, 6])
})
