import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import * as runtime from '../../src/runtime/index.js'

// The compiled test runs from dist/test/runtime; the sources it reads are the repository's.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const runtimeDir = path.join(repoRoot, 'src', 'runtime')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return entry.name.endsWith('.ts') ? [full] : []
  })
}

const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)'([^']+)'/gm

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
    'isRuntimeName',
    'loadFunction',
    'normalizeTestEvent',
    'prepareCode',
    'runFunction',
    'validateForViewer',
  ])
})

test('runtime index: no module outside src/runtime imports a file inside it but the index', () => {
  const offenders: string[] = []
  for (const file of sourceFiles(path.join(repoRoot, 'src'))) {
    if (file.startsWith(runtimeDir + path.sep)) continue
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = match[1] as string
      if (!specifier.startsWith('.')) continue
      const target = path.resolve(path.dirname(file), specifier)
      if (target.startsWith(runtimeDir + path.sep) && target !== path.join(runtimeDir, 'index.js')) {
        offenders.push(`${path.relative(repoRoot, file)} imports ${specifier}`)
      }
    }
  }
  assert.deepEqual(offenders, [])
})
