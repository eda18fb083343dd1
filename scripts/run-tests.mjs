#!/usr/bin/env node
// Runs every compiled `*.test.js` under dist/ with node's test runner. Node 20's --test takes
// no globs, and given a directory it would also run every file under a `test/` folder
// (helpers included), so the list is built here.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import path from 'node:path'

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return find(full)
    return entry.name.endsWith('.test.js') ? [full] : []
  })
}

const roots = process.argv.slice(2).filter((arg) => !arg.startsWith('--'))
const flags = process.argv.slice(2).filter((arg) => arg.startsWith('--'))
const files = (roots.length > 0 ? roots : ['dist'])
  .flatMap((root) => (root.endsWith('.js') ? [root] : find(root)))
  .sort()
const result = spawnSync(
  process.execPath,
  ['--enable-source-maps', '--test', '--test-concurrency=2', ...flags, ...files],
  { stdio: 'inherit', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
)
process.exit(result.status ?? 1)
