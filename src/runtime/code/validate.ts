import { type BlockStatement, getLineInfo, type Program } from 'acorn'
import { utf8ByteLength } from '../../shared/index.js'
import { CodeError } from './errors.js'
import { type ImportBinding, inspectProgram } from './features.js'
import { isRuntimeName, MAX_FUNCTION_CODE_BYTES, type RuntimeName } from './limits.js'
import { isAcornError, parseFunctionCode, parseStrict, syntaxError, toCodePosition } from './parse.js'

/** Function code checked for its runtime version, ready for `wrapFactory`. */
export interface PreparedCode {
  readonly runtime: RuntimeName
  /** Size of the code in UTF-8 bytes. */
  readonly bytes: number
  /** How the code was parsed: a module when it has import declarations (2.0 only). */
  readonly sourceType: 'script' | 'module'
  /**
   * The user's code with every import declaration blanked out by spaces (line breaks kept), so
   * that every token keeps its line and column. The bindings go to `imports`.
   */
  readonly body: string
  /** Module names the code loads (`import` or a literal `require()`), first use first. */
  readonly modules: string[]
  /** The bindings of the import declarations, made before the code runs, as ES modules do. */
  readonly imports: readonly ImportBinding[]
}

export interface PrepareOptions {
  /** Overrides the 10,240-byte limit (operators only; the default stays compatible). */
  maxCodeBytes?: number | undefined
}

/**
 * Lines the wrapper puts before the user's first line. The sandbox compiles the wrapper with
 * `lineOffset: -FACTORY_PREFIX_LINES`, so that user line N reports as line N.
 */
export const FACTORY_PREFIX_LINES = 1

/**
 * Checks function code for its runtime version and prepares it for the sandbox: the size limit
 * in UTF-8 bytes, the syntax (always strict), the features of 1.0/2.0, the modules, a top-level
 * `handler`. Throws CodeError naming the line and column.
 */
export function prepareCode(code: string, runtime: RuntimeName, options: PrepareOptions = {}): PreparedCode {
  if (!isRuntimeName(runtime)) throw new TypeError(`Unknown runtime: ${String(runtime)}`)
  const limit = options.maxCodeBytes ?? MAX_FUNCTION_CODE_BYTES
  const bytes = utf8ByteLength(code)
  if (bytes > limit) {
    throw new CodeError(
      'FunctionSizeLimitExceeded',
      `The function code is ${bytes} bytes, over the limit of ${limit} bytes`,
    )
  }
  const parsed = parseFunctionCode(code, runtime)
  const features = inspectProgram(parsed.program, runtime)
  const first = features.violations[0]
  if (first !== undefined) throw new CodeError(first.code, first.reason, first.position)
  if (!features.hasHandler) {
    throw new CodeError(
      'MissingHandler',
      'The function code has no top-level handler: declare function handler(event) { ... }',
    )
  }
  const prepared: PreparedCode = {
    runtime,
    bytes,
    sourceType: parsed.sourceType,
    body: blankRanges(code, features.importRanges),
    modules: features.modules,
    imports: features.imports,
  }
  checkFactory(prepared, parsed.comments)
  return prepared
}

/**
 * The factory the sandbox compiles: an expression evaluating to
 * `function (__verge_import, require) → handler`. The user's code runs in an inner strict
 * function of its own, so its top-level declarations (even `let require`) shadow the
 * parameters instead of clashing with them; import bindings sit on the prefix line.
 */
export function wrapFactory(prepared: PreparedCode): { source: string; lineOffset: number } {
  return {
    source: factoryPrefix(prepared) + prepared.body + FACTORY_SUFFIX,
    lineOffset: -FACTORY_PREFIX_LINES,
  }
}

const FACTORY_PREFIX_OPEN = '{ "use strict"; '
const FACTORY_SUFFIX = '\nreturn handler;\n})(); })'

function factoryPrefix(prepared: PreparedCode): string {
  const bindings = prepared.imports.map((binding) => {
    const property = binding.imported === undefined ? '' : `[${JSON.stringify(binding.imported)}]`
    return `const ${binding.local} = __verge_import(${JSON.stringify(binding.module)})${property};`
  })
  return `(function (__verge_import, require) { return (function () ${FACTORY_PREFIX_OPEN}${bindings.join(' ')}\n`
}

/**
 * Parses the wrapped source as the sandbox will compile it (a script) and checks that the user's
 * code stayed inside the inner function: text balanced to close it and open another
 * (`})(); x = (function () {`) parses, so the check is on where that function's body begins and
 * ends. `userComments` (comment starts in the user's code) catch text that is a comment in a
 * script but code in a module (`<!--`, `-->`). `prepareCode` runs it; exported for tests.
 */
export function checkFactory(prepared: PreparedCode, userComments: readonly number[] = []): void {
  const prefix = factoryPrefix(prepared)
  const prefixLength = prefix.length
  const { source } = wrapFactory(prepared)
  let parsed: { program: Program; comments: number[] }
  try {
    parsed = parseStrict(source, 'latest', 'script')
  } catch (error) {
    if (!isAcornError(error)) throw error
    throw syntaxError(error, FACTORY_PREFIX_LINES)
  }
  const inner = innerFunctionBody(parsed.program)
  const expectedEnd = source.length - FACTORY_SUFFIX.length + FACTORY_SUFFIX.indexOf('}') + 1
  if (inner?.start !== prefix.indexOf(FACTORY_PREFIX_OPEN) || inner.end !== expectedEnd) {
    const at = Math.min(Math.max(0, (inner?.end ?? prefixLength) - 1 - prefixLength), prepared.body.length)
    throw new CodeError(
      'SyntaxError',
      'Unexpected token: the code closes a function it did not open',
      toCodePosition(getLineInfo(prepared.body, at)),
    )
  }
  const expected = new Set(userComments)
  for (const start of parsed.comments) {
    const userStart = start - prefixLength
    if (expected.has(userStart)) continue
    const position = toCodePosition(getLineInfo(prepared.body, Math.max(0, userStart)))
    throw new CodeError(
      'SyntaxError',
      'HTML-like comments (<!-- and -->) are not allowed in module code',
      position,
    )
  }
}

// The body block of `(function (...) { return (function () { <here> })(); })`, if that is the shape.
function innerFunctionBody(program: Program): BlockStatement | undefined {
  const [statement] = program.body
  if (program.body.length !== 1 || statement?.type !== 'ExpressionStatement') return undefined
  const outer = statement.expression
  if (outer.type !== 'FunctionExpression') return undefined
  const returned = outer.body.body[0]
  if (returned?.type !== 'ReturnStatement' || returned.argument?.type !== 'CallExpression') return undefined
  const inner = returned.argument.callee
  return inner.type === 'FunctionExpression' ? inner.body : undefined
}

// Spaces over each range, line terminators kept, so that nothing else moves.
function blankRanges(code: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  if (ranges.length === 0) return code
  let out = ''
  let last = 0
  for (const [start, end] of ranges) {
    out += code.slice(last, start) + code.slice(start, end).replace(/[^\r\n\u2028\u2029]/g, ' ')
    last = end
  }
  return out + code.slice(last)
}
