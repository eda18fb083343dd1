import assert from 'node:assert/strict'
import { test } from 'node:test'
import { diffContent } from './console-kvs-history.js'

test('diffContent: keys added, removed and changed between two contents; unchanged keys are left out', () => {
  const before = [
    { key: 'de', value: '12' },
    { key: 'fr', value: '10' },
    { key: 'it', value: '9' },
  ]
  const after = [
    { key: 'de', value: '12' },
    { key: 'es', value: '8' },
    { key: 'fr', value: '11' },
  ]
  assert.deepEqual(diffContent(7, before, after), {
    revision: 7,
    added: [{ key: 'es', value: '8' }],
    removed: [{ key: 'it', value: '9' }],
    changed: [{ key: 'fr', oldValue: '10', newValue: '11' }],
  })
  assert.deepEqual(diffContent(1, [], []), { revision: 1, added: [], removed: [], changed: [] })
})
