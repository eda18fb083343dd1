import { type Options, Parser, type Position, type Program } from 'acorn'
import { CodeError, type CodePosition } from './errors.js'
import type { RuntimeName } from './limits.js'

/**
 * The language level acorn parses each runtime version at (AWS's runtime features pages): 1.0 is
 * "ES5.1 plus some ES6-9", 2.0 "ES5.1 plus some ES6-12".
 */
export const ECMA_VERSIONS = Object.freeze({
  'cloudfront-js-1.0': 2018,
  'cloudfront-js-2.0': 2021,
} as const satisfies Record<RuntimeName, Options['ecmaVersion']>)

/** A parse of the user's code as a whole program. */
export interface ParsedCode {
  readonly program: Program
  readonly sourceType: 'script' | 'module'
  /** Where each comment starts; the wrapper check compares them (see `validate.ts`). */
  readonly comments: number[]
}

// Function code always runs in strict mode, so a script is parsed as if it
// began with "use strict": octal literals, `with`, `delete x` and the like are syntax errors.
const StrictParser = Parser.extend(
  (Base) =>
    class extends Base {
      constructor(options: Options, input: string, startPos?: number) {
        super(options, input, startPos)
        ;(this as unknown as { strict: boolean }).strict = true
      }
    },
)

/** The SyntaxError acorn throws, with the offset and position of the problem. */
export interface AcornSyntaxError extends SyntaxError {
  pos: number
  loc: Position
}

export function isAcornError(error: unknown): error is AcornSyntaxError {
  return error instanceof SyntaxError && typeof (error as Partial<AcornSyntaxError>).pos === 'number'
}

/** 1-based line and column of an acorn position (whose column is 0-based). */
export function toCodePosition(position: Position): CodePosition {
  return { line: position.line, column: position.column + 1 }
}

/** Parses `source` as strict code, noting where comments start; acorn's errors pass through. */
export function parseStrict(
  source: string,
  ecmaVersion: Options['ecmaVersion'],
  sourceType: 'script' | 'module',
): { program: Program; comments: number[] } {
  const comments: number[] = []
  const program = StrictParser.parse(source, {
    ecmaVersion,
    sourceType,
    locations: true,
    // Parsed here so that top-level `await` gets a clear UnsupportedFeature, not "Unexpected token".
    allowAwaitOutsideFunction: true,
    allowHashBang: false,
    onComment: (_block, _text, start) => {
      comments.push(start)
    },
  })
  return { program, comments }
}

const MODULE_ONLY = /may appear only with 'sourceType: module'/

/**
 * Parses function code for its runtime version: as a script, or (2.0 only) as a module when it
 * has `import`/`export` declarations. Syntax errors become CodeError `SyntaxError` with acorn's
 * position; in 1.0, `import` and `export` become `UnsupportedFeature`.
 */
export function parseFunctionCode(code: string, runtime: RuntimeName): ParsedCode {
  const ecmaVersion = ECMA_VERSIONS[runtime]
  try {
    return { ...parseStrict(code, ecmaVersion, 'script'), sourceType: 'script' }
  } catch (error) {
    if (!isAcornError(error)) throw error
    const keyword = /^(import|export)\b/.exec(code.slice(error.pos))?.[1]
    if (runtime === 'cloudfront-js-1.0' && keyword !== undefined) {
      const what = keyword === 'import' && /^import\s*\(/.test(code.slice(error.pos)) ? 'import()' : keyword
      throw new CodeError(
        'UnsupportedFeature',
        `'${what}' is not supported in ${runtime}`,
        toCodePosition(error.loc),
      )
    }
    if (!MODULE_ONLY.test(error.message)) throw syntaxError(error, 0, code)
  }
  try {
    return { ...parseStrict(code, ecmaVersion, 'module'), sourceType: 'module' }
  } catch (error) {
    if (!isAcornError(error)) throw error
    throw syntaxError(error, 0, code)
  }
}

/** CodeError `SyntaxError` from an acorn error, at its position; `lineShift` maps wrapper lines. */
export function syntaxError(error: AcornSyntaxError, lineShift = 0, source?: string): CodeError {
  // acorn ends its messages with " (line:column)"; the CodeError message names them itself.
  let reason = error.message.replace(/ \(\d+:\d+\)$/, '')
  if (reason === 'Invalid number' && source !== undefined && /^0\d/.test(source.slice(error.pos))) {
    // acorn's word for `010` in strict code; function code is always strict.
    reason = 'Octal literals are not allowed: function code always runs in strict mode'
  }
  const position = toCodePosition(error.loc)
  return new CodeError(
    'SyntaxError',
    reason,
    { line: Math.max(1, position.line - lineShift), column: position.column },
    { cause: error },
  )
}
