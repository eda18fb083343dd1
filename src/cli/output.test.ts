import assert from 'node:assert/strict'
import { test } from 'node:test'
import { cellText, formatRecord, formatTable, pascalKeys, plural } from './output.js'

test('formatTable: aligns columns under upper-case headers, absent cells as -', () => {
  const rows = [
    { name: 'a', n: 1 },
    { name: 'longer', n: undefined },
  ]
  assert.equal(
    formatTable(rows, [
      ['Name', (r) => r.name],
      ['Count', (r) => r.n],
    ]),
    'NAME    COUNT\na       1\nlonger  -',
  )
  assert.equal(formatTable([], [['Name', () => '']]), '(none)')
})

test('cellText and formatRecord: dates in ISO-8601, labels aligned', () => {
  assert.equal(cellText(new Date(0)), '1970-01-01T00:00:00.000Z')
  assert.equal(cellText({ a: 1 }), '{"a":1}')
  assert.equal(
    formatRecord([
      ['Id', 'x'],
      ['Status', 'READY'],
    ]),
    'Id:      x\nStatus:  READY',
  )
})

test('pascalKeys: AWS spelling for admin API members', () => {
  assert.deepEqual(pascalKeys({ etag: 'E', itemCount: 2 }), { ETag: 'E', ItemCount: 2 })
})

test('plural: one key, two keys, zero keys, and an irregular plural', () => {
  assert.deepEqual(
    [
      plural(1, 'key'),
      plural(2, 'key'),
      plural(0, 'key'),
      plural(1, 'entry', 'entries'),
      plural(3, 'entry', 'entries'),
    ],
    ['1 key', '2 keys', '0 keys', '1 entry', '3 entries'],
  )
})
