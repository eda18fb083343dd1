import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runCli } from './cli-process.js'

// `--function-memory-mb` on the two commands that run an edge: refused before anything starts.

test('verge edge and verge start: a bad --function-memory-mb or VERGE_FUNCTION_MEMORY_MB exits 2 naming it', async () => {
  const edge = await runCli([
    'edge',
    '--control',
    'http://127.0.0.1:9',
    '--token',
    'vet_test',
    '--function-memory-mb',
    '0',
  ])
  assert.equal(edge.code, 2)
  assert.equal(
    edge.stderr,
    'error: UsageError: --function-memory-mb must be a whole number from 1 to 4096, not "0".\n',
  )
  const start = await runCli(['start', '--edge-port', '0'], { env: { VERGE_FUNCTION_MEMORY_MB: '1gb' } })
  assert.equal(start.code, 2)
  assert.equal(
    start.stderr,
    'error: UsageError: VERGE_FUNCTION_MEMORY_MB must be a whole number from 1 to 4096, not "1gb".\n',
  )
})

test('verge edge --help and verge start --help: show --function-memory-mb, its variable and default', async () => {
  for (const command of ['edge', 'start']) {
    const help = await runCli([command, '--help'])
    assert.equal(help.code, 0)
    const line = help.stdout.split('\n').find((l) => l.includes('--function-memory-mb')) ?? ''
    assert.match(line, /--function-memory-mb MB .*\(default 64\) \(VERGE_FUNCTION_MEMORY_MB\)$/, command)
  }
})
