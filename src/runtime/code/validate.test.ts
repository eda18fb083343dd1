import assert from 'node:assert/strict'
import { test } from 'node:test'
import ivm from 'isolated-vm'
import { CodeError } from './errors.js'
import {
  checkFactory,
  FACTORY_PREFIX_LINES,
  type PreparedCode,
  prepareCode,
  wrapFactory,
} from './validate.js'

const V1 = 'cloudfront-js-1.0'
const V2 = 'cloudfront-js-2.0'
const HANDLER = '\nfunction handler(event) { return event }'

function codeError(fn: () => unknown): CodeError {
  try {
    fn()
  } catch (error) {
    if (error instanceof CodeError) return error
    throw error
  }
  assert.fail('expected a CodeError')
}

/**
 * Compiles the wrapper in a real V8 isolate as the sandbox does, calls the factory with a loader
 * that hands out `{ name }` objects, then the handler; returns what it returned, or the stack.
 */
function runWrapped(prepared: PreparedCode, eventJson = '{}'): string {
  const isolate = new ivm.Isolate({ memoryLimit: 8 })
  try {
    const context = isolate.createContextSync()
    const { source, lineOffset } = wrapFactory(prepared)
    const factory = isolate
      .compileScriptSync(source, { filename: 'fn.js', lineOffset })
      .runSync(context, { reference: true })
    context.global.setSync('factory', factory.derefInto())
    return context.evalSync(
      `(() => { try {
        const load = (name) => ({ name });
        return JSON.stringify(factory(load, load)(${eventJson}));
      } catch (e) { return e.stack } })()`,
    ) as string
  } finally {
    isolate.dispose()
  }
}

test('prepareCode: rejects code over the limit in UTF-8 bytes, naming both', () => {
  const code = `${HANDLER}//${'é'.repeat(20)}`
  const bytes = Buffer.byteLength(code)
  assert.doesNotThrow(() => prepareCode(code, V2, { maxCodeBytes: bytes }))
  const error = codeError(() => prepareCode(code, V2, { maxCodeBytes: bytes - 1 }))
  assert.equal(error.code, 'FunctionSizeLimitExceeded')
  assert.equal(error.message, `The function code is ${bytes} bytes, over the limit of ${bytes - 1} bytes`)
  assert.equal(prepareCode(code, V2, { maxCodeBytes: bytes }).bytes, bytes)
})

test('prepareCode: code without a top-level handler is MissingHandler', () => {
  assert.equal(codeError(() => prepareCode('function handle(e) { return e }', V2)).code, 'MissingHandler')
  assert.equal(codeError(() => prepareCode('', V1)).code, 'MissingHandler')
})

test('prepareCode: a feature error is reported before a missing handler', () => {
  assert.equal(codeError(() => prepareCode('const a = 1', V1)).code, 'UnsupportedFeature')
})

test('prepareCode: import declarations are blanked in place, every other character kept', () => {
  const code =
    "import cf from 'cloudfront'; const kvs = cf.kvs();\nimport {\n  createHash\n} from 'crypto'\nvar x = 1" +
    HANDLER
  const prepared = prepareCode(code, V2)
  assert.equal(prepared.sourceType, 'module')
  assert.deepEqual(prepared.modules, ['cloudfront', 'crypto'])
  assert.equal(prepared.body.length, code.length)
  assert.equal(prepared.body.split('\n').length, code.split('\n').length)
  assert.equal(prepared.body.indexOf('const kvs'), code.indexOf('const kvs'))
  assert.equal(prepared.body.indexOf('var x'), code.indexOf('var x'))
  assert.doesNotMatch(prepared.body, /import|cloudfront|createHash/)
  const crlf = code.replaceAll('\n', '\r\n')
  assert.equal(prepareCode(crlf, V2).body.split('\r\n').length, crlf.split('\r\n').length)
})

test('wrapFactory: the factory binds imports through the loader and returns the handler', () => {
  const prepared = prepareCode(
    "import cf from 'cloudfront'\nimport { createHash as h } from 'crypto'\nvar q = require('querystring')\n" +
      'function handler(event) { return [cf.name, h, q.name, event.n] }',
    V2,
  )
  // `{ name }['createHash']` is undefined, so `h` shows how a named import reads its property.
  assert.equal(runWrapped(prepared, '{"n":7}'), '["cloudfront",null,"querystring",7]')
})

test('wrapFactory: errors at run time name the user line and column', () => {
  const prepared = prepareCode(
    "import cf from 'cloudfront'\n\nfunction handler(event) {\n    return event.missing.field\n}",
    V2,
  )
  assert.equal(FACTORY_PREFIX_LINES, 1)
  assert.equal(wrapFactory(prepared).lineOffset, -FACTORY_PREFIX_LINES)
  assert.match(runWrapped(prepared), /fn\.js:4:26\b/)
})

test('wrapFactory: the code runs in strict mode with fresh top-level bindings that may shadow require', () => {
  const prepared = prepareCode(
    'let require = 1\nvar strict = (function () { return this === undefined })()\n' +
      'const handler = () => [require, strict]',
    V2,
  )
  assert.equal(runWrapped(prepared), '[1,true]')
})

function bareBody(body: string): PreparedCode {
  return { runtime: V2, bytes: 0, sourceType: 'script', body, modules: [], imports: [] }
}

test('checkFactory: a body balanced to close the wrapper and open another is refused at the closing brace', () => {
  // Parses as a whole, so only the check on where the inner function ends catches it.
  const error = codeError(() =>
    checkFactory(bareBody('var a = 1\n})(); globalThis.x = (function () {\nfunction handler() {}')),
  )
  assert.equal(error.code, 'SyntaxError')
  assert.deepEqual([error.line, error.column], [2, 1])
})

test('checkFactory: a body that breaks the wrapper is a syntax error on the user line', () => {
  const error = codeError(() => checkFactory(bareBody('var a = 1\n}\nfunction x() {\nfunction handler() {}')))
  assert.equal(error.code, 'SyntaxError')
  assert.equal(error.line, 3)
})

test('checkFactory: accepts what prepareCode produced, imports included', () => {
  assert.doesNotThrow(() => checkFactory(prepareCode(`import cf from 'cloudfront'${HANDLER}`, V2)))
  assert.doesNotThrow(() => checkFactory(bareBody('function handler() {}')))
})

test('prepareCode: text that is a comment in a script but code in a module is refused', () => {
  // In a module `1 <!--y` is `1 < !(--y)`; in the wrapper (a script) it would be a comment.
  const error = codeError(() =>
    prepareCode(`import cf from 'cloudfront'\nvar y = 3, x = 1 <!--y${HANDLER}`, V2),
  )
  assert.equal(error.code, 'SyntaxError')
  assert.deepEqual([error.line, error.column], [2, 18])
  // Comments inside an import declaration are blanked with it; comments elsewhere stay.
  assert.doesNotThrow(() => prepareCode(`import /* c */ cf from 'cloudfront' // d\n/* e */${HANDLER}`, V2))
  // In a script the HTML-like comment is a comment both ways.
  assert.doesNotThrow(() => prepareCode(`var y = 3, x = 1 <!--y${HANDLER}`, V2))
})

test('prepareCode: refuses an unknown runtime name from untyped callers', () => {
  assert.throws(() => prepareCode(HANDLER, 'cloudfront-js-3.0' as never), TypeError)
})
