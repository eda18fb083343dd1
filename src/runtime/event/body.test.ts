import assert from 'node:assert/strict'
import { test } from 'node:test'
import { bodyProblem, decodeBody, isValidBase64 } from './body.js'

test('isValidBase64: accepts padded and unpadded standard base64', () => {
  for (const ok of ['', 'aGVsbG8=', 'aGVsbG8', 'aGk=', 'aGk', 'YQ==', 'YQ', '+/+/'])
    assert.equal(isValidBase64(ok), true, ok)
})

test('isValidBase64: rejects bad characters, whitespace, bad padding and impossible lengths', () => {
  for (const bad of ['a', 'aGVsbG8==', 'aG=k', 'aGk= ', 'aG k', '-_-_', 'YQ=', 'Y===', 'abcde']) {
    assert.equal(isValidBase64(bad), false, bad)
  }
})

test('bodyProblem: a string, text and base64 bodies pass; encoding defaults to text', () => {
  assert.equal(bodyProblem(undefined), null)
  assert.equal(bodyProblem(''), null)
  assert.equal(bodyProblem({ encoding: 'text', data: 'x' }), null)
  assert.equal(bodyProblem({ data: 'x' }), null)
  assert.equal(bodyProblem({ encoding: 'base64', data: 'aGk=' }), null)
})

test('bodyProblem: names the bad field', () => {
  assert.match(bodyProblem({ encoding: 'base64', data: 'not base64!' })!, /not valid base64/)
  assert.match(
    bodyProblem({ encoding: 'gzip', data: 'x' })!,
    /body\.encoding must be "text" or "base64"; got a string \("gzip"\)/,
  )
  assert.match(bodyProblem({ encoding: 'text' })!, /body\.data must be a string; got undefined/)
  assert.match(bodyProblem(42)!, /body must be a string or an object/)
})

test('decodeBody: text as UTF-8, base64 decoded', () => {
  assert.deepEqual([...decodeBody('é')], [0xc3, 0xa9])
  assert.deepEqual([...decodeBody({ encoding: 'base64', data: 'AAH/' })], [0, 1, 255])
  assert.equal(decodeBody('').length, 0)
})
