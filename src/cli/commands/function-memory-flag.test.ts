import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CliError } from '../errors.js'
import { FUNCTION_MEMORY_FLAG, functionMemoryBytes } from './function-memory-flag.js'
import { parseProcessFlags } from './process-common.js'

const FLAGS = { 'function-memory-mb': FUNCTION_MEMORY_FLAG }
const MIB = 1024 * 1024

const parse = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  functionMemoryBytes(parseProcessFlags(args, FLAGS, env))

test('--function-memory-mb: megabytes from the flag, else VERGE_FUNCTION_MEMORY_MB, else 64', () => {
  assert.equal(parse(['--function-memory-mb', '16']), 16 * MIB)
  assert.equal(parse(['--function-memory-mb=256'], { VERGE_FUNCTION_MEMORY_MB: '8' }), 256 * MIB)
  assert.equal(parse([], { VERGE_FUNCTION_MEMORY_MB: '8' }), 8 * MIB)
  assert.equal(parse([]), 64 * MIB)
})

test('--function-memory-mb: anything but a whole number of megabytes from 1 to 4096 is a usage error naming it', () => {
  for (const bad of ['0', '-5', '1.5', '64mb', 'lots', '5000']) {
    assert.throws(
      () => parse([`--function-memory-mb=${bad}`]),
      (error: unknown) =>
        error instanceof CliError &&
        error.code === 'UsageError' &&
        error.message ===
          `--function-memory-mb must be a whole number from 1 to 4096, not ${JSON.stringify(bad)}.`,
      bad,
    )
  }
  assert.throws(
    () => parse([], { VERGE_FUNCTION_MEMORY_MB: 'big' }),
    /^CliError: VERGE_FUNCTION_MEMORY_MB must be a whole number from 1 to 4096, not "big"\.$/,
  )
})
