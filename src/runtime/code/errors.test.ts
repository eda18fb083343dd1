import assert from 'node:assert/strict'
import { test } from 'node:test'
import { VergeError } from '../../shared/index.js'
import { CodeError } from './errors.js'

test('CodeError: names the line and column in its message and keeps them as fields', () => {
  const error = new CodeError('UnsupportedFeature', "'const' is not supported in cloudfront-js-1.0", {
    line: 3,
    column: 5,
  })
  assert.ok(error instanceof VergeError)
  assert.equal(error.name, 'CodeError')
  assert.equal(error.code, 'UnsupportedFeature')
  assert.equal(error.message, "Line 3, column 5: 'const' is not supported in cloudfront-js-1.0")
  assert.equal(error.reason, "'const' is not supported in cloudfront-js-1.0")
  assert.equal(error.line, 3)
  assert.equal(error.column, 5)
})

test('CodeError: without a position the message is the reason alone', () => {
  const error = new CodeError('MissingHandler', 'no handler')
  assert.equal(error.message, 'no handler')
  assert.equal(error.line, undefined)
  assert.equal(error.column, undefined)
})
