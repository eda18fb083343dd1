import assert from 'node:assert/strict'
import { test } from 'node:test'
import { splitRawPath } from '../api-types.js'
import { kvsErrorResponse, kvsWireError } from './kvs-errors.js'

test('kvsWireError: the KVS data plane statuses of the KeyValueStore API Reference', () => {
  assert.deepEqual(kvsWireError('PreconditionFailed'), { status: 409, type: 'ConflictException' })
  assert.deepEqual(kvsWireError('ResourceNotReady'), { status: 409, type: 'ConflictException' })
  assert.deepEqual(kvsWireError('InvalidIfMatchVersion'), { status: 400, type: 'ValidationException' })
  assert.deepEqual(kvsWireError('EntitySizeLimitExceeded'), {
    status: 402,
    type: 'ServiceQuotaExceededException',
  })
  assert.deepEqual(kvsWireError('EntityNotFound'), { status: 404, type: 'ResourceNotFoundException' })
  assert.deepEqual(kvsWireError('AccessDenied'), { status: 403, type: 'AccessDeniedException' })
  assert.deepEqual(kvsWireError('Internal'), { status: 500, type: 'InternalServerException' })
})

test('kvsErrorResponse: x-amzn-ErrorType header and {"__type","Message"} body, no code key', () => {
  const response = kvsErrorResponse('PreconditionFailed', 'stale')
  assert.equal(response.status, 409)
  assert.equal(response.headers?.['x-amzn-errortype'], 'ConflictException')
  assert.deepEqual(JSON.parse(String(response.body)), { __type: 'ConflictException', Message: 'stale' })
})

test('splitRawPath: splits before decoding, so an encoded ARN stays one segment', () => {
  const arn = 'arn:aws:cloudfront::123456789012:key-value-store/37435e19-c205-4271-9e5c-0123456789ab'
  const raw = `/key-value-stores/${encodeURIComponent(arn)}/keys/a%2Fb%20c`
  assert.deepEqual(splitRawPath(raw), ['key-value-stores', arn, 'keys', 'a/b c'])
  assert.equal(splitRawPath('/key-value-stores/%E0%A4%A'), undefined)
})
