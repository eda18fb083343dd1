import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isRuntimeName, MAX_FUNCTION_CODE_BYTES, RUNTIME_NAMES } from './limits.js'

test('code limits: the default function size is 10 KB read as 10,240 bytes', () => {
  assert.equal(MAX_FUNCTION_CODE_BYTES, 10240)
})

test('isRuntimeName: accepts the two CloudFront runtime versions only', () => {
  assert.deepEqual([...RUNTIME_NAMES], ['cloudfront-js-1.0', 'cloudfront-js-2.0'])
  for (const name of RUNTIME_NAMES) assert.equal(isRuntimeName(name), true)
  for (const name of ['cloudfront-js-3.0', 'CLOUDFRONT-JS-1.0', '', undefined, 1]) {
    assert.equal(isRuntimeName(name), false, String(name))
  }
})
