import assert from 'node:assert/strict'
import { test } from 'node:test'
import { addCookieValue, addValue, own, resolveEntries, setOwn } from './fields.js'
import type { ResponseCookieValue, ValueField } from './types.js'

const values = (entries: readonly { value?: unknown }[]) => entries.map((e) => e.value)

test('addValue: a repeated name gets multiValue with every value, the first included', () => {
  const record: Record<string, ValueField> = {}
  addValue(record, 'accept', 'a')
  assert.deepEqual(record, { accept: { value: 'a' } })
  addValue(record, 'accept', 'b')
  addValue(record, 'accept', 'c')
  assert.deepEqual(record, {
    accept: { value: 'a', multiValue: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] },
  })
})

test('addValue: names like __proto__ and constructor are ordinary own fields', () => {
  const record: Record<string, ValueField> = {}
  addValue(record, '__proto__', 'x')
  addValue(record, 'constructor', 'y')
  assert.equal(Object.getPrototypeOf(record), Object.prototype)
  assert.deepEqual(Object.keys(record), ['__proto__', 'constructor'])
  assert.deepEqual(own(record, '__proto__'), { value: 'x' })
  assert.deepEqual(JSON.parse(JSON.stringify(record)).constructor, { value: 'y' })
  assert.equal(own(record, 'toString'), undefined)
  setOwn(record, '__proto__', { value: 'z' })
  assert.deepEqual(own(record, '__proto__'), { value: 'z' })
})

test('addCookieValue: attributes are kept per value, omitted when absent', () => {
  const record: Record<string, ResponseCookieValue> = {}
  addCookieValue(record, 'a', '1', 'Path=/')
  addCookieValue(record, 'a', '2', undefined)
  assert.deepEqual(record, {
    a: {
      value: '1',
      attributes: 'Path=/',
      multiValue: [{ value: '1', attributes: 'Path=/' }, { value: '2' }],
    },
  })
})

test('resolveEntries: an unchanged field keeps all its values', () => {
  const orig = { value: 'a', multiValue: [{ value: 'a' }, { value: 'b' }] }
  assert.deepEqual(values(resolveEntries(orig, structuredClone(orig))), ['a', 'b'])
})

test('resolveEntries: a modified multiValue wins and value is ignored', () => {
  const orig = { value: 'a', multiValue: [{ value: 'a' }, { value: 'b' }] }
  const out = { value: 'ignored', multiValue: [{ value: 'x' }, { value: 'y' }, { value: 'z' }] }
  assert.deepEqual(values(resolveEntries(orig, out)), ['x', 'y', 'z'])
})

test('resolveEntries: a changed value replaces the first value and later values stay', () => {
  const orig = { value: 'a', multiValue: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] }
  assert.deepEqual(values(resolveEntries(orig, { ...structuredClone(orig), value: 'x' })), ['x', 'b', 'c'])
  // Deleting multiValue is not a modification of it: the value rule applies.
  assert.deepEqual(values(resolveEntries(orig, { value: 'x' })), ['x', 'b', 'c'])
})

test('resolveEntries: a multiValue added to a single field equal to it is not a modification', () => {
  const orig = { value: 'a' }
  assert.deepEqual(values(resolveEntries(orig, { value: 'x', multiValue: [{ value: 'a' }] })), ['x'])
  assert.deepEqual(
    values(resolveEntries(orig, { value: 'a', multiValue: [{ value: 'a' }, { value: 'b' }] })),
    ['a', 'b'],
  )
})

test('resolveEntries: a new field uses its multiValue if set, else its value', () => {
  assert.deepEqual(values(resolveEntries(undefined, { value: 'v' })), ['v'])
  assert.deepEqual(
    values(resolveEntries(undefined, { value: 'v', multiValue: [{ value: '1' }, { value: '2' }] })),
    ['1', '2'],
  )
})

test('resolveEntries: a changed cookie attribute counts as a change of the first value', () => {
  const orig = {
    value: '1',
    attributes: 'Path=/',
    multiValue: [{ value: '1', attributes: 'Path=/' }, { value: '2' }],
  }
  const out = { ...structuredClone(orig), attributes: 'Path=/; Secure' }
  const resolved = resolveEntries(orig, out)
  assert.deepEqual(
    resolved.map((e) => [e.value, e.attributes]),
    [
      ['1', 'Path=/; Secure'],
      ['2', undefined],
    ],
  )
})
