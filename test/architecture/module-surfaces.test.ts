import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

// The compiled test runs from dist/test/architecture; the sources it reads are the repository's.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const src = path.join(repoRoot, 'src')

/** The modules whose `index.ts` is their only surface (docs/architecture.md, "Modules"). */
const WITH_INDEX = ['runtime', 'sync', 'kvs', 'shared', 'edge']

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return entry.name.endsWith('.ts') ? [full] : []
  })
}

const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)'([^']+)'/gm

/** `file`'s relative imports that reach into `module` other than through its index. */
function reachesInside(file: string, module: string, text = readFileSync(file, 'utf8')): string[] {
  const moduleDir = path.join(src, module)
  const found: string[] = []
  for (const match of text.matchAll(SPECIFIER)) {
    const specifier = match[1] as string
    if (!specifier.startsWith('.')) continue
    const target = path.resolve(path.dirname(file), specifier)
    if (target.startsWith(moduleDir + path.sep) && target !== path.join(moduleDir, 'index.js'))
      found.push(specifier)
  }
  return found
}

test('module surfaces: no file of src/ imports another module but through its index', () => {
  const offenders: string[] = []
  for (const file of sourceFiles(src)) {
    for (const module of WITH_INDEX) {
      if (file.startsWith(path.join(src, module) + path.sep)) continue
      for (const specifier of reachesInside(file, module))
        offenders.push(`${path.relative(repoRoot, file)} imports ${specifier}`)
    }
  }
  assert.deepEqual(offenders, [])
})

test('module surfaces: the check catches an import that reaches inside a module, at any depth', () => {
  const probe = path.join(src, 'control', 'api', 'admin', 'probe.ts')
  const text = [
    "import { a } from '../../../runtime/function.js'",
    "import { b } from '../../../sync/index.js'",
    "import type { c } from '../../../kvs/limits.js'",
    "const d = await import('../../../shared/utf8.js')",
    "import { e } from '../../../edge/replication/sync-client.js'",
    "import { f } from '../../../edge/index.js'",
  ].join('\n')
  assert.deepEqual(reachesInside(probe, 'runtime', text), ['../../../runtime/function.js'])
  assert.deepEqual(reachesInside(probe, 'sync', text), [])
  assert.deepEqual(reachesInside(probe, 'kvs', text), ['../../../kvs/limits.js'])
  assert.deepEqual(reachesInside(probe, 'shared', text), ['../../../shared/utf8.js'])
  assert.deepEqual(reachesInside(probe, 'edge', text), ['../../../edge/replication/sync-client.js'])
})
