import assert from 'node:assert/strict'
import { test } from 'node:test'
import { viewerRequestEvent } from '../../helpers/events.js'
import { runCode } from '../../helpers/run-code.js'

// 'Edge function logs', 'Test functions': console.log lines are captured, cut at 10 KB per invocation.

test('console.log: lines appear in the result in order', () => {
  const result = runCode(
    `function handler(event) { console.log('first'); console.log('uri ' + event.request.uri); return event.request }`,
    {
      event: viewerRequestEvent('/x'),
    },
  )
  assert.deepEqual(result.logs, ['first', 'uri /x'])
})

test('console.log: objects are logged as JSON and errors as name: message', () => {
  const result = runCode(
    `function handler(event) { console.log({ a: 1 }); console.log(new TypeError('bad')); return event.request }`,
  )
  assert.deepEqual(result.logs, ['{"a":1}', 'TypeError: bad'])
})

test('console.log: output is truncated at 10 KB per invocation', () => {
  const result = runCode(
    `function handler(event) { for (var i = 0; i < 100; i++) console.log('x'.repeat(500)); return event.request }`,
  )
  const bytes = result.logs.slice(0, -1).reduce((sum, line) => sum + Buffer.byteLength(line), 0)
  assert.ok(bytes <= 10 * 1024, `kept ${bytes} bytes`)
  assert.ok(bytes > 10 * 1024 - 500)
  assert.match(result.logs.at(-1) ?? '', /truncated/)
})

test('console.log: truncation counts UTF-8 bytes, not characters', () => {
  const result = runCode(`function handler(event) { console.log('é'.repeat(8000)); return event.request }`)
  assert.equal(Buffer.byteLength(result.logs[0] ?? ''), 10 * 1024)
})

test('console.log: logs of a failing invocation are kept with the error', () => {
  const result = runCode(`function handler() { console.log('before'); throw new Error('boom') }`)
  assert.deepEqual(result.logs, ['before'])
  assert.match(result.errorMessage ?? '', /Error: boom/)
})

test('console.log: nothing is carried over from the previous invocation', () => {
  const result = runCode(`function handler(event) { return event.request }`)
  assert.deepEqual(result.logs, [])
})
