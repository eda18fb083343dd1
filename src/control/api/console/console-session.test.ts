import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConsoleSessionStore, sameSecret } from './console-session.js'

function clockAt(start: number) {
  const clock = { now: start, read: () => clock.now }
  return clock
}

test('ConsoleSessionStore: a new session has a random id and CSRF token', () => {
  const store = new ConsoleSessionStore()
  const a = store.create('AKID')
  const b = store.create('AKID')
  assert.notEqual(a.id, b.id)
  assert.notEqual(a.csrfToken, a.id)
  assert.match(a.id, /^[A-Za-z0-9_-]{43}$/)
  assert.equal(store.touch(a.id)?.accessKeyId, 'AKID')
})

test('ConsoleSessionStore: a session unused for the idle time ends', () => {
  const clock = clockAt(1_000_000)
  const store = new ConsoleSessionStore({ idleMs: 60_000, clock: clock.read })
  const session = store.create('AKID')
  clock.now += 59_999
  assert.ok(store.touch(session.id), 'still alive just before the idle time')
  clock.now += 59_999
  assert.ok(store.touch(session.id), 'use pushes the expiry back')
  clock.now += 60_000
  assert.equal(store.touch(session.id), undefined)
  assert.equal(store.size, 0)
})

test('ConsoleSessionStore: a session ends at its maximum age however much it is used', () => {
  const clock = clockAt(0)
  const store = new ConsoleSessionStore({ idleMs: 60_000, maxAgeMs: 150_000, clock: clock.read })
  const session = store.create('AKID')
  for (let i = 0; i < 4; i++) {
    clock.now += 30_000
    assert.ok(store.touch(session.id))
  }
  clock.now += 30_000
  assert.equal(store.touch(session.id), undefined)
})

test('ConsoleSessionStore: unknown ids, empty ids and deleted sessions are refused', () => {
  const store = new ConsoleSessionStore()
  const session = store.create('AKID')
  assert.equal(store.touch(undefined), undefined)
  assert.equal(store.touch(''), undefined)
  assert.equal(store.touch(`${session.id}x`), undefined)
  store.delete(session.id)
  assert.equal(store.touch(session.id), undefined)
})

test('ConsoleSessionStore: past the session cap the oldest sign-in is dropped', () => {
  const store = new ConsoleSessionStore({ maxSessions: 2 })
  const first = store.create('AKID')
  const second = store.create('AKID')
  const third = store.create('AKID')
  assert.equal(store.touch(first.id), undefined)
  assert.ok(store.touch(second.id))
  assert.ok(store.touch(third.id))
})

test('sameSecret: equal strings only', () => {
  assert.equal(sameSecret('abc', 'abc'), true)
  assert.equal(sameSecret('abc', 'abd'), false)
  assert.equal(sameSecret('abc', 'abcd'), false)
})
