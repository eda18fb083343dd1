import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type CodeFeatures, inspectProgram } from './features.js'
import type { RuntimeName } from './limits.js'
import { parseFunctionCode } from './parse.js'

const V1 = 'cloudfront-js-1.0'
const V2 = 'cloudfront-js-2.0'

function inspect(code: string, runtime: RuntimeName): CodeFeatures {
  return inspectProgram(parseFunctionCode(code, runtime).program, runtime)
}

/** The first violation as `line:column code reason`. */
function first(code: string, runtime: RuntimeName): string | undefined {
  const violation = inspect(code, runtime).violations[0]
  if (violation === undefined) return undefined
  return `${violation.position.line}:${violation.position.column} ${violation.code} ${violation.reason}`
}

test('inspectProgram: 1.0 rejects const and let wherever they are', () => {
  assert.equal(
    first('const a = 1', V1),
    "1:1 UnsupportedFeature 'const' is not supported in cloudfront-js-1.0",
  )
  assert.equal(
    first('function f() {\n  for (let i = 0; i < 1; i++) {}\n}', V1),
    "2:8 UnsupportedFeature 'let' is not supported in cloudfront-js-1.0",
  )
  assert.equal(first('var a = 1', V1), undefined)
  assert.equal(first('const a = 1; let b = 2', V2), undefined)
})

test('inspectProgram: 1.0 rejects async functions, arrows and methods, and await', () => {
  const asyncFn = "'async' functions are not supported in cloudfront-js-1.0"
  assert.equal(first('async function f() {}', V1), `1:1 UnsupportedFeature ${asyncFn}`)
  assert.equal(first('var f = async () => 1', V1), `1:9 UnsupportedFeature ${asyncFn}`)
  assert.equal(first('var f = async function () {}', V1), `1:9 UnsupportedFeature ${asyncFn}`)
  assert.equal(first('var o = {\n  async m() {}\n}', V1), `2:3 UnsupportedFeature ${asyncFn}`)
  assert.equal(first('await x', V1), "1:1 UnsupportedFeature 'await' is not supported in cloudfront-js-1.0")
  assert.equal(first('async function f() {}\nvar g = async () => 1', V2), undefined)
})

test('inspectProgram: both versions reject top-level await, in 2.0 it is fine inside async functions', () => {
  const topLevel = "UnsupportedFeature top-level 'await' is not supported: use it inside an async function"
  assert.equal(first('var a = 1\nawait a', V2), `2:1 ${topLevel}`)
  assert.equal(first('for await (var x of y) {}', V2), `1:1 ${topLevel}`)
  assert.equal(first('async function f() { await a; for await (var x of y) {} }', V2), undefined)
  assert.equal(first('var f = async () => await a', V2), undefined)
})

test('inspectProgram: both versions reject dynamic import(), import.meta and export', () => {
  assert.match(first("var m = import('crypto')", V2) ?? '', /^1:9 UnsupportedFeature dynamic import\(\)/)
  assert.match(
    first("import c from 'crypto'\nvar u = import.meta.url", V2) ?? '',
    /^2:9 UnsupportedFeature 'import.meta'/,
  )
  assert.match(first('export function handler(e) { return e }', V2) ?? '', /^1:1 UnsupportedFeature 'export'/)
  assert.match(first('function handler(e) { return e }\nexport default handler', V2) ?? '', /^2:1 /)
})

test('inspectProgram: imports of cloudfront, crypto and querystring bind the module; others are unknown', () => {
  const features = inspect(
    "import cf from 'cloudfront'\nimport * as c from 'crypto'\nimport { parse, default as qs } from 'querystring'\nimport 'crypto'",
    V2,
  )
  assert.deepEqual(features.violations, [])
  assert.deepEqual(features.modules, ['cloudfront', 'crypto', 'querystring'])
  assert.deepEqual(features.imports, [
    { local: 'cf', module: 'cloudfront', imported: undefined },
    { local: 'c', module: 'crypto', imported: undefined },
    { local: 'parse', module: 'querystring', imported: 'parse' },
    { local: 'qs', module: 'querystring', imported: undefined },
  ])
  assert.equal(features.importRanges.length, 4)
  assert.equal(
    first("var a\nimport fs from 'fs'", V2),
    "2:16 UnknownModule unknown module 'fs': cloudfront-js-2.0 provides cloudfront, crypto and querystring",
  )
})

test('inspectProgram: require() takes a known literal module name; cloudfront only in 2.0', () => {
  const features = inspect("var q = require('querystring'); var c = require(`crypto`)", V1)
  assert.deepEqual(features.violations, [])
  assert.deepEqual(features.modules, ['querystring', 'crypto'])
  assert.equal(
    first("var cf = require('cloudfront')", V1),
    "1:10 UnsupportedFeature the 'cloudfront' module is available in cloudfront-js-2.0 only",
  )
  assert.deepEqual(inspect("var cf = require('cloudfront')", V2).modules, ['cloudfront'])
  assert.equal(
    first("var fs = require('fs')", V1),
    "1:10 UnknownModule unknown module 'fs': cloudfront-js-1.0 provides crypto and querystring",
  )
  for (const call of [
    'require(name)',
    "require('cry' + 'pto')",
    `require(\`\${m}\`)`,
    'require()',
    "require('crypto', 1)",
  ]) {
    assert.match(
      first(`var m = ${call}`, V2) ?? '',
      /^1:9 UnknownModule require\(\) takes one module name/,
      call,
    )
  }
})

test('inspectProgram: the handler is a top-level function or a var/let/const bound to a function', () => {
  const accepted = [
    'function handler(event) { return event }',
    'async function handler(event) { return event }',
    'var handler = function (event) { return event }',
    'const handler = (event) => event',
    'let a = 1, handler = async (event) => event',
  ]
  for (const code of accepted) assert.equal(inspect(code, V2).hasHandler, true, code)
  const refused = [
    'function handle(event) { return event }',
    '{ function handler(event) { return event } }',
    'function outer() { function handler(event) { return event } }',
    'var handler = makeHandler()',
    'var handler',
    'var handler; handler = function (event) { return event }',
    'class handler {}',
  ]
  for (const code of refused) assert.equal(inspect(code, V2).hasHandler, false, code)
})

test('inspectProgram: identifiers starting with __verge_ are reserved, property names are not', () => {
  assert.match(
    first('var x = 1\nvar __verge_import = 2', V2) ?? '',
    /^2:5 UnsupportedFeature identifiers starting/,
  )
  assert.match(first('var o = { __verge_x }', V2) ?? '', /^1:11 UnsupportedFeature/)
  assert.equal(first('var o = { __verge_x: 1 }; o.__verge_y = 2; o["__verge_z"] = 3', V2), undefined)
})

test('inspectProgram: violations come in source order, whatever the tree order', () => {
  const features = inspect(`var a = \`\${require('fs')}\`\nconst b = 1\nasync function f() {}`, V1)
  assert.deepEqual(
    features.violations.map((v) => `${v.position.line}:${v.position.column} ${v.code}`),
    ['1:12 UnknownModule', '2:1 UnsupportedFeature', '3:1 UnsupportedFeature'],
  )
})

test('inspectProgram: 2.0 rejects BigInt literals with their position', () => {
  assert.equal(
    first('function handler(e) {\n  return (10n ** 10000000n).toString()\n}', V2),
    '2:11 UnsupportedFeature BigInt literals are not supported',
  )
  assert.equal(first('var big = 0x1fn', V2), '1:11 UnsupportedFeature BigInt literals are not supported')
})
