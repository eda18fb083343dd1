import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SignInThrottle } from './sign-in-throttle.js'

function throttleAt(start = 1_000_000) {
  const clock = { now: start }
  const throttle = new SignInThrottle({
    freeFailures: 5,
    firstLockMs: 30_000,
    maxLockMs: 15 * 60_000,
    forgetMs: 15 * 60_000,
    clock: () => clock.now,
  })
  return { clock, throttle }
}

test('sign-in throttle: five failures are free, the fifth locks for 30 s, each further one doubles it', () => {
  const { clock, throttle } = throttleAt()
  for (let i = 0; i < 4; i++) {
    throttle.failed('a')
    assert.equal(throttle.waitSeconds('a'), 0, `after failure ${i + 1}`)
  }
  throttle.failed('a')
  assert.equal(throttle.waitSeconds('a'), 30)
  clock.now += 30_000
  assert.equal(throttle.waitSeconds('a'), 0)
  throttle.failed('a')
  assert.equal(throttle.waitSeconds('a'), 60)
  clock.now += 60_000
  throttle.failed('a')
  assert.equal(throttle.waitSeconds('a'), 120)
})

test('sign-in throttle: the wait stops growing at the maximum', () => {
  const { throttle } = throttleAt()
  for (let i = 0; i < 30; i++) throttle.failed('a')
  assert.equal(throttle.waitSeconds('a'), 15 * 60)
})

test('sign-in throttle: a success clears the address; other addresses are never held back', () => {
  const { throttle } = throttleAt()
  for (let i = 0; i < 5; i++) throttle.failed('a')
  assert.equal(throttle.waitSeconds('b'), 0)
  throttle.succeeded('a')
  assert.equal(throttle.waitSeconds('a'), 0)
  throttle.failed('a')
  assert.equal(throttle.waitSeconds('a'), 0, 'counting starts again')
})

test('sign-in throttle: failures are forgotten 15 minutes after the last one', () => {
  const { clock, throttle } = throttleAt()
  for (let i = 0; i < 4; i++) throttle.failed('a')
  clock.now += 15 * 60_000
  throttle.failed('a')
  assert.equal(throttle.waitSeconds('a'), 0, 'a fresh count: one failure')
})

test('sign-in throttle: at most maxClients addresses are tracked, the oldest dropped first', () => {
  const clock = { now: 0 }
  const throttle = new SignInThrottle({ freeFailures: 1, maxClients: 2, clock: () => clock.now })
  throttle.failed('a')
  throttle.failed('b')
  throttle.failed('c')
  assert.equal(throttle.waitSeconds('a'), 0)
  assert.equal(throttle.waitSeconds('b'), 30)
  assert.equal(throttle.waitSeconds('c'), 30)
})
