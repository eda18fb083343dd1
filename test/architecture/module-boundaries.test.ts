import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'

// The repository root, from `<root>/dist/test/architecture` (compiled) or `<root>/test/architecture`.
const here = dirname(fileURLToPath(import.meta.url))
const ROOT = here.includes(`${join('dist', 'test')}`) ? join(here, '..', '..', '..') : join(here, '..', '..')
const BIOME = join(ROOT, 'node_modules', '@biomejs', 'biome', 'bin', 'biome')

/** Which modules of `src/` each module may import (docs/architecture.md, "Modules"). */
const ALLOWED: Record<string, readonly string[]> = {
  shared: [],
  kvs: ['shared'],
  runtime: ['kvs', 'shared'],
  sync: ['kvs', 'shared'],
  control: ['kvs', 'shared', 'runtime', 'sync'],
  edge: ['kvs', 'shared', 'runtime', 'sync'],
  cli: ['shared', 'kvs', 'runtime', 'sync', 'control', 'edge'],
}
const MODULES = Object.keys(ALLOWED)

interface Probe {
  file: string
  from: string
  to: string
}

let work: string
const probes: Probe[] = []
let restricted: Set<string>

/**
 * Lints probe files with the repository's own Biome configuration: each probe sits two folders
 * deep in a module and imports a file two folders deep in another, so that a rule written for
 * files directly in a folder (`edge/*`) would let it through.
 */
before(() => {
  work = mkdtempSync(join(tmpdir(), 'verge-boundaries-'))
  const config = JSON.parse(readFileSync(join(ROOT, 'biome.json'), 'utf8'))
  delete config.$schema
  config.vcs = { enabled: false }
  writeFileSync(join(work, 'biome.json'), JSON.stringify(config))
  for (const from of MODULES) {
    for (const to of MODULES) {
      if (to === from) continue
      const file = join('src', from, 'inner', 'deep', `probe-${to}.ts`)
      mkdirSync(join(work, dirname(file)), { recursive: true })
      writeFileSync(
        join(work, file),
        `import { x } from '../../../${to}/nested/part/x.js'\n\nexport const y = x\n`,
      )
      probes.push({ file, from, to })
    }
  }
  const consoleProbe = join('console', 'src', 'pages', 'probe.ts')
  mkdirSync(join(work, dirname(consoleProbe)), { recursive: true })
  writeFileSync(
    join(work, consoleProbe),
    "import { x } from '../../../src/sync/protocol.js'\n\nexport const y = x\n",
  )
  probes.push({ file: consoleProbe, from: 'console', to: 'sync' })

  const run = spawnSync(process.execPath, [BIOME, 'lint', '--reporter=json', '--max-diagnostics=none', '.'], {
    cwd: work,
    encoding: 'utf8',
  })
  const report = JSON.parse(run.stdout) as {
    diagnostics: Array<{ category: string; location: { path: string | { file: string } } }>
  }
  restricted = new Set(
    report.diagnostics
      .filter((d) => d.category === 'lint/style/noRestrictedImports')
      .map((d) => (typeof d.location.path === 'string' ? d.location.path : d.location.path.file)),
  )
  assert.ok(probes.length > 40)
})

after(() => rmSync(work, { recursive: true, force: true }))

const flagged = (probe: Probe) => restricted.has(probe.file)

test('module boundaries: an import into a forbidden module fails lint, from any depth', () => {
  const missed = probes
    .filter((p) => p.from !== 'console' && !ALLOWED[p.from]?.includes(p.to))
    .filter((p) => !flagged(p))
    .map((p) => `${p.from} → ${p.to}`)
  assert.deepEqual(missed, [])
})

test('module boundaries: src/edge importing src/control/** fails lint', () => {
  const probe = probes.find((p) => p.from === 'edge' && p.to === 'control')
  assert.ok(probe && flagged(probe))
})

test('module boundaries: the allowed imports pass lint', () => {
  const refused = probes
    .filter((p) => p.from !== 'console' && ALLOWED[p.from]?.includes(p.to))
    .filter(flagged)
    .map((p) => `${p.from} → ${p.to}`)
  assert.deepEqual(refused, [])
})

test('module boundaries: the console never imports src/', () => {
  const probe = probes.find((p) => p.from === 'console')
  assert.ok(probe && flagged(probe))
})
