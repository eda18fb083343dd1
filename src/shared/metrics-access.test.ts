import assert from 'node:assert/strict'
import { test } from 'node:test'
import { metricsAccessAllowed } from './metrics-access.js'

test('metricsAccessAllowed: a scrape on loopback needs no token', () => {
  for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1'])
    assert.equal(metricsAccessAllowed(address, undefined, ['t']), true)
})

test('metricsAccessAllowed: off loopback only a known bearer token is let in', () => {
  assert.equal(metricsAccessAllowed('10.1.2.3', undefined, ['t']), false)
  assert.equal(metricsAccessAllowed('10.1.2.3', 'Bearer nope', ['t']), false)
  assert.equal(metricsAccessAllowed('10.1.2.3', 'Bearer ', ['', undefined]), false)
  assert.equal(metricsAccessAllowed('10.1.2.3', 'Bearer m', ['t', 'm']), true)
})
