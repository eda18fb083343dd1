import assert from 'node:assert/strict'
import { test } from 'node:test'
import * as runtime from '../../src/runtime/index.js'

test('runtime index: exports exactly the values the rest of Verge uses', () => {
  assert.deepEqual(Object.keys(runtime).sort(), [
    'CodeError',
    'EventError',
    'MAX_FUNCTION_CODE_BYTES',
    'applyRequest',
    'applyResponse',
    'buildRequestEvent',
    'buildResponseEvent',
    'invokeFunction',
    'invokeFunctions',
    'isRuntimeName',
    'loadFunction',
    'normalizeTestEvent',
    'prepareCode',
    'requestEventAfterFunction',
    'runFunction',
  ])
})

// That no module outside src/runtime reaches past this index: test/architecture/module-surfaces.test.ts.
