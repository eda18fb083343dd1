import assert from 'node:assert/strict'
import { test } from 'node:test'
import { cloudFrontErrorResponse, cloudFrontWireError } from './cloudfront-errors.js'

test('cloudFrontWireError: the model statuses of the codes the SDK raises', () => {
  const cases: [Parameters<typeof cloudFrontWireError>[0], number, string][] = [
    ['NoSuchFunctionExists', 404, 'NoSuchFunctionExists'],
    ['FunctionInUse', 409, 'FunctionInUse'],
    ['FunctionSizeLimitExceeded', 413, 'FunctionSizeLimitExceeded'],
    ['TestFunctionFailed', 500, 'TestFunctionFailed'],
    ['PreconditionFailed', 412, 'PreconditionFailed'],
    ['InvalidIfMatchVersion', 400, 'InvalidIfMatchVersion'],
    ['CannotDeleteEntityWhileInUse', 409, 'CannotDeleteEntityWhileInUse'],
    ['InconsistentQuantities', 400, 'InconsistentQuantities'],
    ['DistributionNotDisabled', 409, 'DistributionNotDisabled'],
    ['NoSuchOrigin', 404, 'NoSuchOrigin'],
    ['SignatureMismatch', 403, 'SignatureDoesNotMatch'],
    ['MissingAuthentication', 403, 'MissingAuthenticationToken'],
  ]
  for (const [code, status, wire] of cases)
    assert.deepEqual(cloudFrontWireError(code), { status, code: wire })
})

test('cloudFrontErrorResponse: Receiver for 5xx, Sender otherwise', () => {
  assert.match(String(cloudFrontErrorResponse('TestFunctionFailed', 'x').body), /<Type>Receiver<\/Type>/)
  assert.match(String(cloudFrontErrorResponse('InvalidArgument', 'x').body), /<Type>Sender<\/Type>/)
})
