import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { tokenizer } from 'acorn'
import { BLOG_ROUTER_FUNCTION, KEY_ECHO_FUNCTION } from '../../../src/cli/demo/seed-functions.js'
import {
  CodeError,
  type CodeErrorCode,
  MAX_FUNCTION_CODE_BYTES,
  prepareCode,
  type RuntimeName,
} from '../../../src/runtime/index.js'
import {
  CRYPTO_HMAC,
  CRYPTO_IMPORT_V2,
  KEY_ECHO_BRIEF,
  KVS_WITH_ID,
  REDIRECT_V1,
  URL_REWRITE_V1,
} from '../../helpers/code-samples.js'

// Function code as users write it for CloudFront.
const V1: RuntimeName = 'cloudfront-js-1.0'
const V2: RuntimeName = 'cloudfront-js-2.0'

function refusal(code: string, runtime: RuntimeName): CodeError {
  try {
    prepareCode(code, runtime)
  } catch (error) {
    if (error instanceof CodeError) return error
    throw error
  }
  assert.fail(`expected ${runtime} to refuse:\n${code}`)
}

function assertRefused(
  code: string,
  runtime: RuntimeName,
  expected: { code: CodeErrorCode; line?: number; column?: number; message?: RegExp },
): void {
  const error = refusal(code, runtime)
  assert.equal(error.code, expected.code, error.message)
  assert.equal(error.line, expected.line, error.message)
  assert.equal(error.column, expected.column, error.message)
  if (expected.line !== undefined) {
    assert.ok(error.message.startsWith(`Line ${expected.line}, column ${expected.column}: `), error.message)
  }
  if (expected.message !== undefined) assert.match(error.message, expected.message)
}

describe('accepted: function code as CloudFront users write it', () => {
  test('prepareCode: the seed key echo and blog router are accepted by 2.0 and load cloudfront', () => {
    for (const code of [KEY_ECHO_BRIEF, KEY_ECHO_FUNCTION, BLOG_ROUTER_FUNCTION, KVS_WITH_ID]) {
      const prepared = prepareCode(code, V2)
      assert.equal(prepared.sourceType, 'module')
      assert.deepEqual(prepared.modules, ['cloudfront'])
      assert.deepEqual(prepared.imports, [{ local: 'cf', module: 'cloudfront', imported: undefined }])
      assert.equal(prepared.bytes, Buffer.byteLength(code))
    }
  })

  test('prepareCode: 1.0 samples (redirect, URL rewrite, crypto HMAC) are accepted by both versions', () => {
    for (const runtime of [V1, V2]) {
      assert.deepEqual(prepareCode(REDIRECT_V1, runtime).modules, [])
      assert.deepEqual(prepareCode(URL_REWRITE_V1, runtime).modules, [])
      assert.deepEqual(prepareCode(CRYPTO_HMAC, runtime).modules, ['crypto', 'querystring'])
      assert.equal(prepareCode(URL_REWRITE_V1, runtime).sourceType, 'script')
    }
  })

  test('prepareCode: 2.0 accepts an import of crypto and an arrow-function handler', () => {
    assert.deepEqual(prepareCode(CRYPTO_IMPORT_V2, V2).modules, ['crypto'])
  })
})

describe('refused: what cloudfront-js-1.0 does not have', () => {
  const cases: Array<[string, string, number, number, RegExp]> = [
    ['const', 'function handler(event) {\n    const r = event.request;\n    return r;\n}', 2, 5, /'const'/],
    [
      'let',
      'var a = 1;\nfunction handler(event) {\n  for (let i = 0; i < 2; i++) {}\n  return event.request;\n}',
      3,
      8,
      /'let'/,
    ],
    [
      'async function',
      'var a = 1;\nasync function handler(event) {\n  return event.request;\n}',
      2,
      1,
      /'async'/,
    ],
    [
      'async arrow',
      'function handler(event) {\n  var f = async () => 1;\n  return event.request;\n}',
      2,
      11,
      /'async'/,
    ],
    ['await', 'function handler(event) {\n  return event.request;\n}\nawait handler', 4, 1, /'await'/],
    [
      'import',
      "var a = 1;\nimport cf from 'cloudfront';\nfunction handler(event) { return event.request }",
      2,
      1,
      /'import'/,
    ],
    [
      'require cloudfront',
      "var a = 1;\n  var cf = require('cloudfront');\nfunction handler(event) { return event.request }",
      2,
      12,
      /2\.0 only/,
    ],
  ]
  for (const [name, code, line, column, message] of cases) {
    test(`prepareCode 1.0: ${name} is UnsupportedFeature at line ${line}, column ${column}`, () => {
      assertRefused(code, V1, { code: 'UnsupportedFeature', line, column, message })
      // The same code is fine in 2.0 (except top-level await, refused by both).
      if (name !== 'await') assert.doesNotThrow(() => prepareCode(code, V2))
    })
  }
})

describe('refused in both versions', () => {
  const both: Array<[string, string, CodeErrorCode, number, number]> = [
    [
      'dynamic import()',
      "function handler(event) {\n  var m = import('crypto');\n  return m;\n}",
      'UnsupportedFeature',
      2,
      11,
    ],
    ['an export', 'export function handler(event) {\n  return event.request;\n}', 'UnsupportedFeature', 1, 1],
    [
      'require of an unknown module',
      "var fs = require('fs');\nfunction handler(event) { return event.request }",
      'UnknownModule',
      1,
      10,
    ],
    [
      'require of a computed name',
      "var n = 'cry' + 'pto';\nvar c = require(n);\nfunction handler(event) { return event.request }",
      'UnknownModule',
      2,
      9,
    ],
  ]
  for (const [name, code, errorCode, line, column] of both) {
    for (const runtime of [V1, V2]) {
      test(`prepareCode ${runtime.slice(-3)}: ${name} is ${errorCode}`, () => {
        // 1.0 meets `import`/`export` while parsing; it still names the same place.
        assertRefused(code, runtime, { code: errorCode, line, column })
      })
    }
  }

  test('prepareCode 2.0: top-level await is UnsupportedFeature', () => {
    assertRefused(
      "import cf from 'cloudfront';\nconst v = await cf.kvs().get('k');\nfunction handler(e) { return e.request }",
      V2,
      {
        code: 'UnsupportedFeature',
        line: 2,
        column: 11,
        message: /top-level 'await'/,
      },
    )
  })

  test('prepareCode 2.0: an import of a module other than cloudfront, crypto or querystring is UnknownModule', () => {
    assertRefused(
      "import cf from 'cloudfront';\nimport http from 'node:http';\nfunction handler(e) { return e.request }",
      V2,
      {
        code: 'UnknownModule',
        line: 2,
        column: 18,
        message: /unknown module 'node:http'/,
      },
    )
  })

  test('prepareCode: code with no top-level handler is MissingHandler', () => {
    for (const runtime of [V1, V2]) {
      assertRefused('function handle(event) {\n  return event.request;\n}', runtime, {
        code: 'MissingHandler',
      })
      assertRefused('var app = { handler: function (event) { return event.request } };', runtime, {
        code: 'MissingHandler',
      })
    }
  })
})

describe('size limit: 10 KB counted in UTF-8 bytes', () => {
  const base = 'function handler(event) {\n  return event.request;\n}\n// '
  /** Code of exactly `bytes` UTF-8 bytes, padded with two-byte characters. */
  function codeOfBytes(bytes: number): string {
    const room = bytes - Buffer.byteLength(base)
    const code = base + (room % 2 === 1 ? 'a' : '') + 'é'.repeat(Math.floor(room / 2))
    assert.equal(Buffer.byteLength(code), bytes)
    return code
  }

  test('prepareCode: 10,240 bytes are accepted, 10,241 refused with FunctionSizeLimitExceeded', () => {
    assert.equal(MAX_FUNCTION_CODE_BYTES, 10240)
    assert.equal(prepareCode(codeOfBytes(10240), V2).bytes, 10240)
    assert.equal(prepareCode(codeOfBytes(10240), V1).bytes, 10240)
    const error = refusal(codeOfBytes(10241), V2)
    assert.equal(error.code, 'FunctionSizeLimitExceeded')
    assert.match(error.message, /10241 bytes.*10240 bytes/)
  })

  test('prepareCode: multi-byte characters count in bytes, not characters', () => {
    const code = codeOfBytes(10242)
    assert.ok(code.length < 10240, 'fewer characters than the limit')
    assert.equal(refusal(code, V1).code, 'FunctionSizeLimitExceeded')
  })

  test('prepareCode: an operator may raise the limit', () => {
    assert.equal(prepareCode(codeOfBytes(20000), V2, { maxCodeBytes: 40960 }).bytes, 20000)
  })
})

describe('syntax errors name the line and column', () => {
  test('prepareCode: an unexpected token', () => {
    assertRefused('function handler(event) {\n  var a = ;\n  return event.request;\n}', V2, {
      code: 'SyntaxError',
      line: 2,
      column: 11,
      message: /Unexpected token/,
    })
  })

  test('prepareCode: strict mode always applies (octal literal, with)', () => {
    assertRefused('function handler(event) {\n  var a = 017;\n  return event.request;\n}', V1, {
      code: 'SyntaxError',
      line: 2,
      column: 11,
    })
    assertRefused('function handler(event) {\n  with (event) { return request }\n}', V2, {
      code: 'SyntaxError',
      line: 2,
      column: 3,
    })
  })

  test('prepareCode: an unterminated block', () => {
    assertRefused('function handler(event) {\n  if (event) {\n  return event.request;\n}', V2, {
      code: 'SyntaxError',
      line: 4,
      column: 2,
    })
  })
})

describe('the code cannot escape the function it is wrapped in', () => {
  const escapes: Array<[string, string, number, number]> = [
    ['a stray closing brace', 'function handler(event) { return event.request }\n} function x() {\n', 2, 1],
    ['a top-level return', 'return 1;\nfunction handler(event) { return event.request }', 1, 1],
    [
      'a balanced close and reopen',
      'function handler(event) { return event.request }\n})(); globalThis.leak = (function () {\n',
      2,
      1,
    ],
  ]
  for (const [name, code, line, column] of escapes) {
    for (const runtime of [V1, V2]) {
      test(`prepareCode ${runtime.slice(-3)}: ${name} is a SyntaxError`, () => {
        assertRefused(code, runtime, { code: 'SyntaxError', line, column })
      })
    }
  }
})

describe('the prepared body keeps every token where the user wrote it', () => {
  /** `line:column text` of every token of `source`. */
  function tokens(source: string, runtime: RuntimeName, sourceType: 'script' | 'module'): string[] {
    const out: string[] = []
    const ecmaVersion = runtime === V1 ? 2018 : 2021
    for (const token of tokenizer(source, { ecmaVersion, sourceType, locations: true })) {
      out.push(`${token.loc?.start.line}:${token.loc?.start.column} ${source.slice(token.start, token.end)}`)
    }
    return out
  }

  test('prepareCode: the seeds keep each token on its line and column, imports gone', () => {
    for (const code of [KEY_ECHO_BRIEF, KEY_ECHO_FUNCTION, BLOG_ROUTER_FUNCTION]) {
      const prepared = prepareCode(code, V2)
      const before = tokens(code, V2, 'module')
      const after = tokens(prepared.body, V2, 'module')
      // Each seed opens with one import declaration of 5 tokens: import cf from '...' ;
      assert.deepEqual(after, before.slice(5))
      assert.match(before[0] ?? '', /^1:0 import$/)
    }
  })

  test('prepareCode: an import sharing its line with code leaves that code in place', () => {
    const code =
      "import cf from 'cloudfront'; const kvsHandle = cf.kvs();\nfunction handler(event) {\n  return event.request;\n}"
    const prepared = prepareCode(code, V2)
    assert.deepEqual(tokens(prepared.body, V2, 'module'), tokens(code, V2, 'module').slice(5))
  })

  test('prepareCode: code without imports is kept as written', () => {
    for (const code of [REDIRECT_V1, URL_REWRITE_V1, CRYPTO_HMAC])
      assert.equal(prepareCode(code, V1).body, code)
  })
})
