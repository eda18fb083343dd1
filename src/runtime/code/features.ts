import type {
  AnyNode,
  CallExpression,
  Expression,
  ImportDeclaration,
  Program,
  SpreadElement,
  Statement,
} from 'acorn'
import type { CodeErrorCode, CodePosition } from './errors.js'
import type { RuntimeName } from './limits.js'
import { toCodePosition } from './parse.js'

/** Modules function code may load, by runtime version (AWS's runtime features pages). */
export const RUNTIME_MODULES: Readonly<Record<RuntimeName, readonly string[]>> = Object.freeze({
  'cloudfront-js-1.0': Object.freeze(['crypto', 'querystring']),
  'cloudfront-js-2.0': Object.freeze(['cloudfront', 'crypto', 'querystring']),
})

/** Identifiers with this prefix are Verge's own, in the wrapper around the user's code. */
export const RESERVED_PREFIX = '__verge_'

/** One binding an import declaration makes: `imported` undefined means the module itself. */
export interface ImportBinding {
  readonly local: string
  readonly module: string
  readonly imported: string | undefined
}

/** Something the runtime version does not allow, at its place in the code. */
export interface Violation {
  readonly code: Extract<CodeErrorCode, 'UnsupportedFeature' | 'UnknownModule'>
  readonly reason: string
  readonly start: number
  readonly position: CodePosition
}

/** What `inspectProgram` found in a parsed program. */
export interface CodeFeatures {
  /** In source order; the first is the one to report. */
  readonly violations: Violation[]
  readonly imports: ImportBinding[]
  /** `[start, end)` of every import declaration, to blank out of the body. */
  readonly importRanges: Array<readonly [number, number]>
  /** Module names the code loads with `import` or a literal `require()`, first use first. */
  readonly modules: string[]
  readonly hasHandler: boolean
}

type Located = { start: number; loc?: { start: { line: number; column: number } } | null }

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression'])

/**
 * Walks a parsed program and collects what its runtime version rejects (docs/compatibility.md):
 * in 1.0 `const`/`let`, `async`, `await` and `require('cloudfront')`; in both, dynamic
 * `import()`, `import.meta`, `export`, top-level `await`, unknown modules and `require()` of
 * anything but a literal module name, and BigInt literals. Also collects imports, modules and
 * the handler.
 */
export function inspectProgram(program: Program, runtime: RuntimeName): CodeFeatures {
  const v1 = runtime === 'cloudfront-js-1.0'
  const features: CodeFeatures = {
    violations: [],
    imports: [],
    importRanges: [],
    modules: [],
    hasHandler: program.body.some(isHandlerDeclaration),
  }
  const report = (code: Violation['code'], reason: string, at: Located) => {
    const start = at.loc?.start ?? { line: 1, column: 0 }
    features.violations.push({ code, reason, start: at.start, position: toCodePosition(start) })
  }
  const useModule = (name: string) => {
    if (!features.modules.includes(name)) features.modules.push(name)
  }
  const unknown = (name: string) =>
    `unknown module '${name}': ${runtime} provides ${listModules(RUNTIME_MODULES[runtime])}`
  const notIn1 = (what: string) => `${what} not supported in ${runtime}`

  const visit = (node: AnyNode, parent: AnyNode | undefined, depth: number): void => {
    switch (node.type) {
      case 'VariableDeclaration':
        if (v1 && node.kind !== 'var') report('UnsupportedFeature', notIn1(`'${node.kind}' is`), node)
        break
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        if (v1 && node.async) {
          // A method's function node starts at its parameters; name the method instead.
          const at = parent?.type === 'Property' || parent?.type === 'MethodDefinition' ? parent : node
          report('UnsupportedFeature', notIn1("'async' functions are"), at)
        }
        break
      case 'AwaitExpression':
        checkAwait(node, depth)
        break
      case 'ForOfStatement':
        if (node.await) checkAwait(node, depth)
        break
      case 'ImportDeclaration':
        collectImport(node)
        break
      case 'ImportExpression':
        report('UnsupportedFeature', 'dynamic import() is not supported: import modules at the top', node)
        break
      case 'MetaProperty':
        if (node.meta.name === 'import') report('UnsupportedFeature', "'import.meta' is not supported", node)
        break
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
      case 'ExportAllDeclaration':
        report('UnsupportedFeature', "'export' is not supported: declare a top-level function handler", node)
        break
      case 'CallExpression':
        checkRequire(node)
        break
      case 'Literal':
        // CloudFront's runtimes have no BigInt, and one BigInt operation can run for seconds
        // where the watchdog cannot stop it (docs/compatibility.md).
        if (node.bigint !== undefined) report('UnsupportedFeature', 'BigInt literals are not supported', node)
        break
      case 'Identifier':
        if (node.name.startsWith(RESERVED_PREFIX) && !isPropertyName(node, parent)) {
          report('UnsupportedFeature', `identifiers starting with ${RESERVED_PREFIX} are reserved`, node)
        }
        break
    }
    const inner = FUNCTION_TYPES.has(node.type) ? depth + 1 : depth
    for (const child of children(node)) visit(child, node, inner)
  }

  const checkAwait = (node: AnyNode, depth: number) => {
    if (v1) report('UnsupportedFeature', notIn1("'await' is"), node)
    else if (depth === 0) {
      report(
        'UnsupportedFeature',
        "top-level 'await' is not supported: use it inside an async function",
        node,
      )
    }
  }

  const collectImport = (node: ImportDeclaration) => {
    const name = String(node.source.value)
    features.importRanges.push([node.start, node.end])
    if (!RUNTIME_MODULES[runtime].includes(name)) {
      report('UnknownModule', unknown(name), node.source)
      return
    }
    useModule(name)
    for (const specifier of node.specifiers) {
      const local = specifier.local.name
      if (specifier.type !== 'ImportSpecifier') {
        // `import x from` and `import * as x from` both bind the module object.
        features.imports.push({ local, module: name, imported: undefined })
        continue
      }
      const imported =
        specifier.imported.type === 'Identifier' ? specifier.imported.name : String(specifier.imported.value)
      features.imports.push({ local, module: name, imported: imported === 'default' ? undefined : imported })
    }
  }

  const checkRequire = (node: CallExpression) => {
    if (node.callee.type !== 'Identifier' || node.callee.name !== 'require') return
    const name = node.arguments.length === 1 ? literalString(node.arguments[0]) : undefined
    if (name === undefined) {
      report(
        'UnknownModule',
        "require() takes one module name as a string literal, e.g. require('crypto')",
        node,
      )
    } else if (v1 && name === 'cloudfront') {
      report('UnsupportedFeature', "the 'cloudfront' module is available in cloudfront-js-2.0 only", node)
    } else if (!RUNTIME_MODULES[runtime].includes(name)) {
      report('UnknownModule', unknown(name), node)
    } else {
      useModule(name)
    }
  }

  visit(program, undefined, 0)
  features.violations.sort((a, b) => a.start - b.start)
  return features
}

/**
 * The entry point: `function handler(event)` or `async function handler`,
 * or a `var`/`let`/`const handler` initialised with a function or an arrow function.
 */
function isHandlerDeclaration(statement: Statement | AnyNode): boolean {
  if (statement.type === 'FunctionDeclaration') return statement.id?.name === 'handler'
  if (statement.type !== 'VariableDeclaration') return false
  return statement.declarations.some(
    (declarator) =>
      declarator.id.type === 'Identifier' &&
      declarator.id.name === 'handler' &&
      (declarator.init?.type === 'FunctionExpression' || declarator.init?.type === 'ArrowFunctionExpression'),
  )
}

// `o.__verge_x` and `{ __verge_x: 1 }` name properties, not bindings; they cannot clash.
function isPropertyName(node: AnyNode, parent: AnyNode | undefined): boolean {
  if (parent?.type === 'MemberExpression') return parent.property === node && !parent.computed
  if (parent?.type === 'Property' || parent?.type === 'MethodDefinition') {
    return parent.key === node && !parent.computed && !(parent.type === 'Property' && parent.shorthand)
  }
  return false
}

function literalString(argument: Expression | SpreadElement | undefined): string | undefined {
  if (argument?.type === 'Literal' && typeof argument.value === 'string') return argument.value
  if (argument?.type === 'TemplateLiteral' && argument.expressions.length === 0) {
    return argument.quasis[0]?.value.cooked ?? undefined
  }
  return undefined
}

function listModules(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

// Every child node, in the order acorn stores them (close to source order; violations are
// sorted by position anyway).
function* children(node: AnyNode): Generator<AnyNode> {
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc' || key === 'type') continue
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) yield item
    } else if (isNode(value)) {
      yield value
    }
  }
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
}
