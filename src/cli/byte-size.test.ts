import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseByteSize } from './byte-size.js'

test('parseByteSize: plain bytes and binary suffixes, any case', () => {
  assert.equal(parseByteSize('0'), 0)
  assert.equal(parseByteSize('1048576'), 1_048_576)
  assert.equal(parseByteSize('100b'), 100)
  assert.equal(parseByteSize('512k'), 512 * 1024)
  assert.equal(parseByteSize('10mb'), 10 * 1024 * 1024)
  assert.equal(parseByteSize('10MiB'), 10 * 1024 * 1024)
  assert.equal(parseByteSize(' 1.5 GB '), 1.5 * 1024 ** 3)
})

test('parseByteSize: anything else is refused', () => {
  for (const text of ['', 'mb', '-1', '10 tb', '10mbs', '1e6', '0x10', '99999999999999999g'])
    assert.equal(parseByteSize(text), undefined, text)
})
