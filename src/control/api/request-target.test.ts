import assert from 'node:assert/strict'
import { test } from 'node:test'
import { firstRawSegment, parseRequestTarget } from './request-target.js'

test('parseRequestTarget: splits origin-form into raw path, raw query and decoded segments', () => {
  assert.deepEqual(parseRequestTarget('/key-value-stores/a%2Fb/keys?MaxResults=1&x=?'), {
    ok: true,
    target: {
      rawPath: '/key-value-stores/a%2Fb/keys',
      rawQuery: 'MaxResults=1&x=?',
      segments: ['key-value-stores', 'a/b', 'keys'],
    },
  })
})

test('parseRequestTarget: refuses every target that is not a plain origin-form path', () => {
  const refused = [
    '',
    '*',
    '?',
    '%',
    'http://x:99999/',
    '127.0.0.1:7070',
    '//[',
    '//x:99999/',
    '/\\[',
    '/a#b',
    '/a b',
    '/a\u0000b',
    '/caf\u00e9',
    '/%zz',
    '/%ED%A0%80',
    `/${'a'.repeat(17 * 1024)}`,
  ]
  for (const target of refused) assert.equal(parseRequestTarget(target).ok, false, JSON.stringify(target))
})

test('firstRawSegment: the first segment as received, whatever follows', () => {
  assert.equal(firstRawSegment('/2020-05-31//['), '2020-05-31')
  assert.equal(firstRawSegment('/console?x'), 'console')
  assert.equal(firstRawSegment('*'), '')
  assert.equal(firstRawSegment(undefined), '')
})
