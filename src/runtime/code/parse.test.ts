import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CodeError } from './errors.js'
import { parseFunctionCode } from './parse.js'

const V1 = 'cloudfront-js-1.0'
const V2 = 'cloudfront-js-2.0'

function codeError(fn: () => unknown): CodeError {
  try {
    fn()
  } catch (error) {
    if (error instanceof CodeError) return error
    throw error
  }
  assert.fail('expected a CodeError')
}

test('parseFunctionCode: plain code is a script, code with an import (2.0) a module', () => {
  assert.equal(parseFunctionCode('var a = 1', V2).sourceType, 'script')
  assert.equal(parseFunctionCode("import cf from 'cloudfront'\nvar a = 1", V2).sourceType, 'module')
  assert.equal(parseFunctionCode('var a = 1', V1).sourceType, 'script')
})

test('parseFunctionCode: scripts are strict (octal literal, with, delete of a variable)', () => {
  const octal = codeError(() => parseFunctionCode('var a = 1;\nvar b = 010', V1))
  assert.equal(octal.code, 'SyntaxError')
  assert.deepEqual([octal.line, octal.column], [2, 9])
  assert.match(octal.message, /^Line 2, column 9: Octal literals are not allowed/)
  assert.equal(codeError(() => parseFunctionCode('with (a) {}', V2)).code, 'SyntaxError')
  assert.equal(codeError(() => parseFunctionCode('var x; delete x', V2)).code, 'SyntaxError')
})

test('parseFunctionCode: syntax errors carry acorn position as 1-based line and column', () => {
  const error = codeError(() => parseFunctionCode('var a = 1\n\n  var b = ;', V2))
  assert.equal(error.code, 'SyntaxError')
  assert.equal(error.line, 3)
  assert.equal(error.column, 11)
  assert.equal(error.message, 'Line 3, column 11: Unexpected token')
})

test('parseFunctionCode: 1.0 parses ES2018, 2.0 ES2021', () => {
  for (const code of ['var a = 1_000', 'var a = b ?? c', 'var a = b?.c', 'try {} catch {}']) {
    assert.equal(codeError(() => parseFunctionCode(code, V1)).code, 'SyntaxError', code)
    assert.doesNotThrow(() => parseFunctionCode(code, V2), code)
  }
  // ES2022 is past 2.0: class fields.
  assert.equal(codeError(() => parseFunctionCode('class A { x = 1 }', V2)).code, 'SyntaxError')
  // ES2018 is within 1.0: object spread, async iteration syntax parses (and is checked later).
  assert.doesNotThrow(() => parseFunctionCode('var a = { ...b }', V1))
})

test('parseFunctionCode: 1.0 refuses import, export and import() as unsupported features', () => {
  const imported = codeError(() => parseFunctionCode("var a\n  import cf from 'cloudfront'", V1))
  assert.equal(imported.code, 'UnsupportedFeature')
  assert.equal(imported.message, "Line 2, column 3: 'import' is not supported in cloudfront-js-1.0")
  const exported = codeError(() => parseFunctionCode('export var a = 1', V1))
  assert.equal(exported.message, "Line 1, column 1: 'export' is not supported in cloudfront-js-1.0")
  const dynamic = codeError(() => parseFunctionCode("var m = import('crypto')", V1))
  assert.equal(dynamic.message, "Line 1, column 9: 'import()' is not supported in cloudfront-js-1.0")
})

test('parseFunctionCode: a module that is not valid is a syntax error at its position', () => {
  const error = codeError(() => parseFunctionCode("import cf from 'cloudfront'\nvar cf = 1", V2))
  assert.equal(error.code, 'SyntaxError')
  assert.deepEqual([error.line, error.column], [2, 5])
})
