import assert from 'node:assert/strict'
import { test } from 'node:test'
import { closest, didYouMean, editDistance } from './suggest.js'

test('editDistance: counts insertions, deletions, substitutions and neighbour swaps', () => {
  assert.equal(editDistance('lst', 'list'), 1)
  assert.equal(editDistance('lsit', 'list'), 1)
  assert.equal(editDistance('describe', 'descirbe'), 1)
  assert.equal(editDistance('gte', 'get'), 1)
  assert.equal(editDistance('put', 'get'), 2)
  assert.equal(editDistance('', 'abc'), 3)
  assert.equal(editDistance('store', 'store'), 0)
})

test('closest: suggests a near word and nothing for an unrelated one', () => {
  assert.equal(closest('lst', ['create', 'list', 'describe']), 'list')
  assert.equal(closest('distribtion', ['store', 'key', 'distribution']), 'distribution')
  assert.equal(closest('nonsense', ['store', 'key', 'function']), undefined)
  assert.equal(closest('STORE', ['store']), 'store')
})

test('didYouMean: renders the suggestion, or nothing', () => {
  assert.equal(didYouMean('bogus', ['status']), '')
  assert.equal(
    didYouMean('statu', ['status'], (w) => `--${w}`),
    ' Did you mean "--status"?',
  )
})
